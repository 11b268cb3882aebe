import { Type, type Static } from '../core/typebox.js';
import { DRILL_OPERATION_KINDS } from './drill.js';

/** The version of `drill-results.json`'s shape; bumped on any change a reader would notice. */
export const DRILL_RESULTS_VERSION = 1;

const Ms = (description?: string) => Type.Number({ minimum: 0, ...(description ? { description } : {}) });
const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });

const OperationKind = Type.Union(
  DRILL_OPERATION_KINDS.map((kind) => Type.Literal(kind)),
  { description: 'what the operation rehearses; RTO is measured from a restore or rollback' },
);

const DrillTransaction = Type.Object(
  {
    tenant: Type.String(),
    scenario: Type.String(),
    atMs: Ms("when it started, ms from the drill's start"),
    durationMs: Ms(),
    passed: Type.Boolean(),
    failure: Type.Optional(
      Type.String({ description: 'the first failure, briefly (`order.create: check status (eq)`), when it failed' }),
    ),
    cause: Type.Optional(
      Type.String({
        description:
          'what the target answered at that failure, redacted: HTTP status and its error code and message (`503 RESTARTING: …`), or the network error',
      }),
    ),
    phase: Type.Optional(Count('the index of the `scenarios:` phase it ran in; absent for traffic')),
  },
  { additionalProperties: false, description: 'one synthetic transaction (one pass of a traffic scenario)' },
);

const PhaseRecord = Type.Object(
  {
    index: Count(),
    name: Type.String(),
    type: Type.Union([
      Type.Literal('operation'),
      Type.Literal('scenarios'),
      Type.Literal('wait'),
      Type.Literal('check'),
    ]),
    kind: Type.Optional(OperationKind),
    location: Type.String({ description: '`file:line:col` of the phase in the drill file' }),
    startMs: Ms(),
    endMs: Ms(),
    outcome: Type.Union([
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('timed-out'),
      Type.Literal('skipped'),
      Type.Literal('interrupted'),
    ]),
    detail: Type.Optional(Type.String({ description: 'why it failed, or what it printed last (redacted)' })),
  },
  { additionalProperties: false, description: "what a phase did, and when (ms from the drill's start)" },
);

const LatencySummary = Type.Object(
  {
    count: Count('passing transactions measured'),
    p50Ms: Type.Optional(Ms()),
    p95Ms: Type.Optional(Ms()),
    p99Ms: Type.Optional(Ms()),
  },
  { additionalProperties: false, description: 'latency of passing transactions, ms; no percentiles when none passed' },
);

const DowntimeWindow = Type.Object(
  {
    fromMs: Ms("the first failed transaction's start"),
    toMs: Type.Optional(Ms('the end of the first good transaction after it; absent: none came before the drill ended')),
    failed: Count(),
  },
  { additionalProperties: false, description: 'a window without a good transaction' },
);

const LatencyShift = Type.Object(
  { p50: Type.Optional(Type.Number()), p95: Type.Optional(Type.Number()), p99: Type.Optional(Type.Number()) },
  {
    additionalProperties: false,
    description: 'during ÷ baseline, per percentile; absent when either side has no passing transaction',
  },
);

const OperationFigures = Type.Object(
  {
    phase: Count(),
    name: Type.String(),
    kind: OperationKind,
    transactions: Count(),
    overlapping: Type.Optional(
      Count(
        "transactions in flight at some time in its window, whichever operation counts them: an operation as short as a worker's stop may count none of its own while traffic ran through it (0: not measured)",
      ),
    ),
    failed: Count(),
    errorRate: Type.Number({ minimum: 0, maximum: 1 }),
    latency: LatencySummary,
    latencyShift: LatencyShift,
    firstFailure: Type.Optional(
      Type.Object(
        {
          atMs: Ms("its start, ms from the drill's start"),
          failure: Type.String(),
          cause: Type.Optional(Type.String()),
        },
        { additionalProperties: false, description: 'the first failed transaction in its window, with its cause' },
      ),
    ),
    rtoMs: Type.Optional(
      Type.Union([Ms(), Type.Null()], {
        description:
          "restore and rollback: from the operation's start to the end of the first good transaction started after it ended; null = none came",
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "one operation seen from one tenant's traffic: the transactions that overlap it and what followed (each transaction counted once, in the last operation that started before it ended), until the next operation",
  },
);

const RecordProblem = Type.Object(
  {
    record: Type.String(),
    id: Type.String(),
    status: Type.Union([
      Type.Literal('lost'),
      Type.Literal('changed'),
      Type.Literal('duplicated'),
      Type.Literal('unreadable'),
    ]),
    confirmedAtMs: Ms("when it was confirmed, ms from the drill's start"),
    ageMs: Type.Optional(Ms('its age at the first restore or rollback: the recovery point it shows')),
    detail: Type.String(),
  },
  { additionalProperties: false, description: 'a confirmed record whose re-read after recovery was not present-same' },
);

const ReconciliationFigures = Type.Object(
  {
    confirmed: Count(),
    presentSame: Count(),
    lost: Count(),
    changed: Count(),
    duplicated: Count(),
    unreadable: Count(),
    rpoMs: Type.Optional(
      Ms("the oldest lost or changed record's age at the first restore or rollback: the measured recovery point"),
    ),
    problems: Type.Array(RecordProblem),
  },
  { additionalProperties: false },
);

const JobProblem = Type.Object(
  {
    id: Type.Integer(),
    type: Type.String(),
    ref: Type.String(),
    status: Type.Union([Type.Literal('unfinished'), Type.Literal('duplicated'), Type.Literal('gone')]),
    detail: Type.String(),
  },
  { additionalProperties: false, description: 'a job in flight at an operation, and how it ended' },
);

const JobFigures = Type.Object(
  {
    inFlight: Count(),
    completedOnce: Count(),
    unfinished: Count(),
    duplicated: Count(),
    gone: Count('jobs no longer listed at all (a restore to before they existed; their records are reconciled)'),
    problems: Type.Array(JobProblem),
    unavailable: Type.Optional(Type.String({ description: 'why the jobs could not be read (no jobs API)' })),
  },
  { additionalProperties: false },
);

const TenantFigures = Type.Object(
  {
    tenant: Type.String(),
    transactions: Type.Object({ total: Count(), passed: Count(), failed: Count() }, { additionalProperties: false }),
    failedAfterBaseline: Type.Optional(
      Count(
        'failed transactions that ended after the baseline, whatever phase (or none) they ran in: the `failed` threshold; absent (older results) fails it as not measured',
      ),
    ),
    baseline: Type.Object(
      {
        count: Count(),
        p50Ms: Type.Optional(Ms()),
        p95Ms: Type.Optional(Ms()),
        p99Ms: Type.Optional(Ms()),
        errorRate: Type.Number({ minimum: 0, maximum: 1 }),
      },
      { additionalProperties: false, description: 'the traffic before the first phase' },
    ),
    downtime: Type.Object(
      { totalMs: Ms(), longestMs: Ms(), windows: Type.Array(DowntimeWindow) },
      { additionalProperties: false },
    ),
    rtoMs: Type.Optional(
      Type.Union([Ms(), Type.Null()], {
        description:
          'worst over the restore and rollback operations; null when one never recovered; absent without them',
      }),
    ),
    operations: Type.Array(OperationFigures),
    reconciliation: ReconciliationFigures,
    jobs: JobFigures,
  },
  { additionalProperties: false, description: "one tenant's figures" },
);

const DrillVerdict = Type.Object(
  {
    threshold: Type.String({ description: 'as written, e.g. `rto < 1m`, or `phase 2 (restore) completes`' }),
    passed: Type.Boolean(),
    actual: Type.Union([Type.Number(), Type.Null()], {
      description: 'the measured value (ms, count or ratio); null when it could not be measured (which fails)',
    }),
    tenant: Type.Optional(Type.String({ description: 'the worst tenant, which the threshold was judged on' })),
  },
  { additionalProperties: false },
);

const DrillStatus = Type.Union(
  [Type.Literal('passed'), Type.Literal('failed'), Type.Literal('target-down'), Type.Literal('interrupted')],
  {
    description:
      'passed: every threshold held; failed: one did not, or a phase failed; target-down: no good transaction in the baseline; interrupted: stopped by a signal',
  },
);

/**
 * What `rehearse drill` writes (`reports/drills/<drill>/drill-results.json`). JSON Schema:
 * `schemas/drill-results.schema.json` (generated from this definition). Times are ms from
 * `startedAt` (ISO 8601, UTC) unless named otherwise; durations ms.
 */
export const DrillResultsSchema = Type.Object(
  {
    schemaVersion: Type.Literal(DRILL_RESULTS_VERSION),
    drill: Type.String(),
    file: Type.String({ description: 'the drill file, relative to the project' }),
    environment: Type.String(),
    targetUrl: Type.String({ description: 'redacted' }),
    startedAt: Type.String({ description: 'ISO 8601, UTC' }),
    durationMs: Ms(),
    baselineMs: Ms(),
    status: DrillStatus,
    phases: Type.Array(PhaseRecord),
    tenants: Type.Array(TenantFigures),
    verdicts: Type.Array(DrillVerdict, { description: 'one per threshold, and one per phase that failed' }),
    transactions: Type.Array(DrillTransaction, {
      description: 'every transaction, traffic and phase scenarios, by start (at most 20 000; see droppedTransactions)',
    }),
    droppedTransactions: Count('transactions past the kept ones, counted only'),
    skippedArrivals: Count(
      'arrivals skipped because maxInFlight transactions were still running (the target was that slow)',
    ),
  },
  { additionalProperties: false },
);

export type DrillResults = Static<typeof DrillResultsSchema>;
export type DrillStatus = Static<typeof DrillStatus>;
export type DrillTransaction = Static<typeof DrillTransaction>;
export type PhaseRecord = Static<typeof PhaseRecord>;
export type LatencySummary = Static<typeof LatencySummary>;
export type DowntimeWindow = Static<typeof DowntimeWindow>;
export type OperationFigures = Static<typeof OperationFigures>;
export type RecordProblem = Static<typeof RecordProblem>;
export type ReconciliationFigures = Static<typeof ReconciliationFigures>;
export type JobProblem = Static<typeof JobProblem>;
export type JobFigures = Static<typeof JobFigures>;
export type TenantFigures = Static<typeof TenantFigures>;
export type DrillVerdict = Static<typeof DrillVerdict>;

/** Parts of the drill results the business summary reuses for its drill figures (one definition of each). */
export const DrillFigureSchemas = {
  DrillStatus,
  DowntimeWindow,
  LatencySummary,
  LatencyShift,
  OperationKind,
  ReconciliationFigures,
  JobFigures,
  DrillVerdict,
} as const;
