import { Type, type Static } from '../core/typebox.js';
import { DrillFigureSchemas } from './drill-results.js';
import { SummaryLoadSchema } from './summary-load.js';

/**
 * The version of the business summary's JSON shape; bumped on any change a reader would notice.
 * 2: `drills` (figures `rehearse drill` merges in). 3: `loads` (what `rehearse load` and
 * `rehearse load merge` merge in). An older Rehearse refuses a newer summary by its version, not by
 * a shape it does not know.
 */
export const BUSINESS_SUMMARY_VERSION = 3;

/**
 * The versions a reader accepts (src/report/read-summary.ts): a version-2 summary is a version-3
 * one without `loads`, a version-1 one has neither `drills` nor `loads`, so `--compare` and
 * `rehearse report merge` still read one an older run wrote.
 */
export const BUSINESS_SUMMARY_READABLE_VERSIONS: readonly number[] = [1, 2, BUSINESS_SUMMARY_VERSION];

const Outcome = Type.Union(
  [Type.Literal('passed'), Type.Literal('failed'), Type.Literal('flaky'), Type.Literal('skipped')],
  {
    description:
      'passed: passed at its first attempt; failed: its last attempt failed, timed out or was interrupted; flaky: passed after a retry; skipped: nothing of it ran',
  },
);

const Counts = {
  passed: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  flaky: Type.Integer({ minimum: 0 }),
  skipped: Type.Integer({ minimum: 0 }),
};

const SummaryTest = Type.Object(
  {
    key: Type.String({ description: 'scenario|tenant|driver: the same test in another run has the same key' }),
    scenario: Type.String(),
    title: Type.String(),
    workflow: Type.String(),
    tenant: Type.String(),
    driver: Type.String(),
    outcome: Outcome,
    attempts: Type.Integer({ minimum: 0, description: 'attempts run (1 + retries used)' }),
    durationMs: Type.Number({ minimum: 0, description: 'of the last attempt, ms' }),
    failure: Type.Optional(Type.String({ description: 'the first failing step and its message (redacted)' })),
  },
  { additionalProperties: false },
);

const ActionLatency = Type.Object(
  {
    tenant: Type.String(),
    action: Type.String({ description: 'the action a `do:` step ran, e.g. order.create' }),
    driver: Type.String(),
    samples: Type.Integer({ minimum: 1, description: 'action runs measured (every attempt, nested actions included)' }),
    p50Ms: Type.Number(),
    p95Ms: Type.Number(),
    p99Ms: Type.Number(),
    maxMs: Type.Number(),
    successRate: Type.Number({ minimum: 0, maximum: 1, description: 'runs that passed / runs' }),
    slo: Type.Optional(
      Type.Object(
        { p95Ms: Type.Optional(Type.Number()), successRate: Type.Optional(Type.Number()) },
        { additionalProperties: false, description: "the tenant profile's SLO for the action (api driver only)" },
      ),
    ),
  },
  { additionalProperties: false },
);

const SloBreach = Type.Object(
  {
    tenant: Type.String(),
    action: Type.String(),
    objective: Type.Union([Type.Literal('p95'), Type.Literal('successRate')]),
    target: Type.Number({ description: 'ms for p95, a ratio for successRate' }),
    actual: Type.Number(),
    samples: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

const LatencyRegression = Type.Object(
  {
    tenant: Type.String(),
    action: Type.String(),
    driver: Type.String(),
    previousP95Ms: Type.Number(),
    p95Ms: Type.Number(),
    /** p95Ms / previousP95Ms */
    ratio: Type.Number(),
  },
  { additionalProperties: false },
);

const Verdict = Type.Object(
  {
    result: Type.Union(
      [Type.Literal('passed'), Type.Literal('failed'), Type.Literal('nothing-tested'), Type.Literal('incomplete')],
      {
        description:
          'passed: tests ran and nothing below failed it; failed: a test failed, the run did not finish, or a quality gate (--fail-on-slo, --fail-on-flaky) failed it; nothing-tested: no test executed; incomplete: shards are missing from a merge',
      },
    ),
    reasons: Type.Array(Type.String(), { description: 'why the result is not passed; empty for a pass' }),
    warnings: Type.Array(Type.String(), {
      description: 'what a reader should know that did not fail the run: flaky passes, SLO breaches without their gate',
    }),
    gates: Type.Object(
      { failOnSlo: Type.Boolean(), failOnFlaky: Type.Boolean() },
      { additionalProperties: false, description: 'the quality gates the run was judged with' },
    ),
  },
  {
    additionalProperties: false,
    description:
      'what the run came to as the summary sees it; `rehearse run` may still exit 3 (the target went down) where this says failed',
  },
);

const Ms = (description: string) => Type.Number({ minimum: 0, description });
const Count = Type.Integer({ minimum: 0 });

const DrillOperation = Type.Object(
  {
    phase: Type.Integer({ minimum: 0, description: 'the index of its phase in the drill file' }),
    name: Type.String(),
    kind: DrillFigureSchemas.OperationKind,
    transactions: Type.Integer({
      minimum: 0,
      description: 'traffic transactions started during it and what followed, until the next operation',
    }),
    failed: Count,
    errorRate: Type.Number({ minimum: 0, maximum: 1 }),
    latencyShift: DrillFigureSchemas.LatencyShift,
    rtoMs: Type.Optional(
      Type.Union([Ms('restore and rollback: to the first good transaction after it'), Type.Null()], {
        description: 'null: no good transaction came',
      }),
    ),
  },
  { additionalProperties: false },
);

const DrillTenant = Type.Object(
  {
    tenant: Type.String(),
    transactions: Type.Object({ total: Count, passed: Count, failed: Count }, { additionalProperties: false }),
    downtimeMs: Ms('summed windows without a good transaction'),
    longestDowntimeMs: Ms('the longest of them'),
    rtoMs: Type.Optional(
      Type.Union([Ms('worst over the restore and rollback operations'), Type.Null()], {
        description: 'null: one never recovered; absent: the drill has no restore or rollback',
      }),
    ),
    rpoMs: Type.Optional(Ms("the oldest lost or changed record's age at the first restore or rollback")),
    records: Type.Object(
      { confirmed: Count, presentSame: Count, lost: Count, changed: Count, duplicated: Count, unreadable: Count },
      { additionalProperties: false, description: 'business records the traffic confirmed, re-read after recovery' },
    ),
    jobs: Type.Object(
      {
        inFlight: Count,
        completedOnce: Count,
        unfinished: Count,
        duplicated: Count,
        gone: Count,
        unavailable: Type.Optional(Type.String()),
      },
      { additionalProperties: false, description: 'jobs in flight at an operation, and how they ended' },
    ),
    operations: Type.Array(DrillOperation),
  },
  { additionalProperties: false },
);

const SummaryDrill = Type.Object(
  {
    drill: Type.String(),
    file: Type.String({ description: 'the drill file, relative to the project' }),
    environment: Type.String(),
    startedAt: Type.String({ description: 'ISO 8601, UTC' }),
    durationMs: Ms('the whole drill'),
    status: DrillFigureSchemas.DrillStatus,
    results: Type.String({
      description: 'its drill-results.json (every transaction, record and job), relative to the summary',
    }),
    tenants: Type.Array(DrillTenant),
    verdicts: Type.Array(DrillFigureSchemas.DrillVerdict, {
      description: "the drill's thresholds, on the worst tenant",
    }),
  },
  {
    additionalProperties: false,
    description: 'what one run of a drill measured, per tenant (schemas/drill-results.schema.json has all of it)',
  },
);

/**
 * The business summary of a run (`reports/summary/summary.json`): what a scheduled regression
 * or a release gate came to in business terms. JSON Schema: `schemas/business-summary.schema.json`
 * (generated from this definition). Times are ISO 8601 UTC; durations ms.
 */
export const BusinessSummarySchema = Type.Object(
  {
    schemaVersion: Type.Literal(BUSINESS_SUMMARY_VERSION),
    run: Type.Object(
      {
        id: Type.String(),
        environment: Type.String(),
        targetUrl: Type.Optional(Type.String()),
        seed: Type.String(),
        startedAt: Type.String({ description: 'ISO 8601, UTC' }),
        durationMs: Type.Number({ minimum: 0 }),
        status: Type.String({ description: "Playwright's overall status: passed, failed, timedout, interrupted" }),
        shards: Type.Optional(
          Type.Integer({ minimum: 1, description: 'shards the run was split into (a merged summary only)' }),
        ),
        missingShards: Type.Optional(
          Type.Array(Type.Integer({ minimum: 1 }), {
            description: 'shards whose blob report was not merged: their tests are not in this summary',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    deployment: Type.Record(Type.String(), Type.Unknown(), {
      description: "what the target's version endpoint said (version, commit, ...), redacted",
    }),
    verdict: Verdict,
    totals: Type.Object({ tests: Type.Integer({ minimum: 0 }), ...Counts }, { additionalProperties: false }),
    successRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: '(passed + flaky) / (tests − skipped); null when nothing ran',
    }),
    matrix: Type.Object(
      {
        workflows: Type.Array(Type.String()),
        tenants: Type.Array(Type.String()),
        cells: Type.Array(
          Type.Object({ workflow: Type.String(), tenant: Type.String(), ...Counts }, { additionalProperties: false }),
          { description: 'one per workflow × tenant that has tests' },
        ),
      },
      { additionalProperties: false, description: 'workflows × tenant profiles' },
    ),
    tests: Type.Array(SummaryTest),
    latency: Type.Array(ActionLatency, { description: 'per tenant × action × driver' }),
    sloBreaches: Type.Array(SloBreach),
    faultsInjected: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
      description: 'requests per virtual partner answered with an injected fault',
    }),
    comparison: Type.Optional(
      Type.Object(
        {
          previousRunId: Type.String(),
          previousStartedAt: Type.String(),
          newFailures: Type.Array(Type.String({ description: 'test keys that fail now and did not fail before' })),
          fixed: Type.Array(Type.String({ description: 'test keys that failed before and pass now' })),
          stillFailing: Type.Array(Type.String()),
          latencyRegressions: Type.Array(LatencyRegression),
          threshold: Type.Object(
            {
              ratio: Type.Number({ description: 'a p95 grows by more than this fraction (0.2 = 20 %)' }),
              minMs: Type.Number({ description: '... and by at least this many ms' }),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false, description: "against the previous run's summary" },
      ),
    ),
    comparisonSkipped: Type.Optional(
      Type.String({ description: 'why there is no comparison although a previous summary was looked for' }),
    ),
    drills: Type.Optional(
      Type.Array(SummaryDrill, {
        description:
          'drills `rehearse drill` merged into this summary, the latest run of each; a summary of drills alone has no tests',
      }),
    ),
    loads: Type.Optional(
      Type.Array(SummaryLoadSchema, {
        description:
          'load runs `rehearse load` (or `rehearse load merge --summary-dir`) merged into this summary, the latest of each scenario × tenant; a summary of loads alone has no tests',
      }),
    ),
  },
  { additionalProperties: false },
);
export type BusinessSummary = Static<typeof BusinessSummarySchema>;
export type SummaryTest = Static<typeof SummaryTest>;
export type SummaryOutcome = Static<typeof Outcome>;
export type SummaryVerdict = Static<typeof Verdict>;
export type ActionLatency = Static<typeof ActionLatency>;
export type SloBreach = Static<typeof SloBreach>;
export type LatencyRegression = Static<typeof LatencyRegression>;
/** A summary as Rehearse wrote it before drills (version 1): what the readers still accept. */
export type BusinessSummaryV1 = Omit<BusinessSummary, 'schemaVersion' | 'drills' | 'loads'> & { schemaVersion: 1 };
/** A summary as Rehearse wrote it before loads (version 2): what the readers still accept. */
export type BusinessSummaryV2 = Omit<BusinessSummary, 'schemaVersion' | 'loads'> & { schemaVersion: 2 };
export type SummaryDrill = Static<typeof SummaryDrill>;
export type SummaryDrillTenant = Static<typeof DrillTenant>;
