import { Type, type Static, type TOptional, type TSchema } from '../core/typebox.js';
import { Duration, Name } from './common.js';

/** What an operation phase rehearses: RTO is measured from the start of a `restore` or `rollback`. */
export const DRILL_OPERATION_KINDS = [
  'restore',
  'rollback',
  'release',
  'migration',
  'worker-outage',
  'snapshot',
  'other',
] as const;
export type DrillOperationKind = (typeof DRILL_OPERATION_KINDS)[number];

/** The figures a drill's `thresholds:` may judge. */
export const DRILL_THRESHOLD_NAMES = [
  'downtime',
  'rto',
  'rpo',
  'lost',
  'changed',
  'duplicated',
  'failed',
  'latencyShift.p50',
  'latencyShift.p95',
  'latencyShift.p99',
  'jobs.unfinished',
  'jobs.duplicated',
  'jobs.lost',
] as const;
export type DrillThresholdName = (typeof DRILL_THRESHOLD_NAMES)[number];

const Comparison = Type.String({
  pattern: '^\\s*(<|<=|>|>=|==)?\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|x|%)?\\s*$',
  description: 'a comparison such as "< 30s", "<= 2m", "< 2x" (a ratio to the baseline) or "0"',
  examples: ['< 30s', '< 2m', '< 2x'],
});

const Threshold = Type.Union([Comparison, Type.Integer({ minimum: 0 })]);

const Tenants = Type.Array(Name, {
  minItems: 1,
  description: 'tenant profiles (default: every tenant the scenarios run for)',
});

const HttpOperation = Type.Object(
  {
    method: Type.Optional(
      Type.Union(
        ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => Type.Literal(m)),
        { description: 'default POST' },
      ),
    ),
    url: Type.String({
      minLength: 1,
      description:
        'absolute URL, or a path on the target; {{ env.NAME }} reads the environment (checked against allowedHosts)',
      examples: ['{{ env.REHEARSE_SANDBOX_URL }}/admin/snapshots'],
    }),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.Unknown({ description: 'sent as JSON' })),
    expect: Type.Optional(
      Type.Object(
        { status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })) },
        { additionalProperties: false, description: 'default: any 2xx' },
      ),
    ),
  },
  { additionalProperties: false, description: 'an HTTP call to an ops endpoint' },
);

const Operation = Type.Object(
  {
    run: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'a shell command (shown before it runs; exit 0 = done)',
        examples: ['npx rehearse sandbox op restore latest'],
      }),
    ),
    http: Type.Optional(HttpOperation),
    timeout: Type.Optional(Duration),
  },
  { additionalProperties: false, description: 'one of run: or http:, with a timeout (default 2m)' },
);

const PhaseBase = {
  name: Type.Optional(Type.String({ minLength: 1, description: 'shown in the timeline (default: the phase kind)' })),
};

const OperationPhase = Type.Object(
  {
    ...PhaseBase,
    kind: Type.Optional(
      Type.Union(
        DRILL_OPERATION_KINDS.map((k) => Type.Literal(k)),
        {
          description: 'what it rehearses: restore and rollback start the RTO clock (default other)',
        },
      ),
    ),
    operation: Operation,
  },
  { additionalProperties: false },
);

const ScenariosPhase = Type.Object(
  {
    ...PhaseBase,
    scenarios: Type.Array(Name, { minItems: 1, description: 'scenarios run once per tenant, beside the traffic' }),
    tenants: Type.Optional(Tenants),
  },
  { additionalProperties: false },
);

const WaitPhase = Type.Object({ ...PhaseBase, wait: Duration }, { additionalProperties: false });

const CheckPhase = Type.Object(
  {
    ...PhaseBase,
    check: Type.Union([Type.Literal('recovered'), Type.Literal('jobs-settled')], {
      description:
        'recovered: wait until every tenant has a good transaction after the last operation; jobs-settled: until no job is queued, running or retrying',
    }),
    within: Type.Optional(Duration),
  },
  { additionalProperties: false },
);

const RecordKind = Type.Object(
  {
    saved: Type.String({
      minLength: 1,
      description: 'the saved value (save:) of the traffic scenarios that names a confirmed record',
      examples: ['orderId'],
    }),
    read: Type.String({
      minLength: 1,
      description: 'GET path that reads the record, {{ id }} for its id',
      examples: ['/api/v1/sales-orders/{{ id }}'],
    }),
    same: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'fields that must read the same after recovery as when the record was confirmed',
      }),
    ),
    once: Type.Optional(
      Type.Array(
        Type.Object(
          {
            list: Type.String({ minLength: 1, description: 'GET path listing what belongs to the record' }),
            items: Type.String({ minLength: 1, description: 'the array in the answer, e.g. invoices' }),
            per: Type.Optional(
              Type.String({
                description: 'field of each item that must be unique, e.g. shipmentId (default: the list holds one)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { description: 'what must exist at most once: two invoices for one shipment is a duplicate' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Each phase kind by the key that names it: the loader checks a phase against its own kind's schema. */
export const DRILL_PHASE_SCHEMAS = {
  operation: OperationPhase,
  scenarios: ScenariosPhase,
  wait: WaitPhase,
  check: CheckPhase,
} as const;
export type DrillPhaseKey = keyof typeof DRILL_PHASE_SCHEMAS;

const DrillPhase = Type.Union([OperationPhase, ScenariosPhase, WaitPhase, CheckPhase]);

const drillSchemaWith = <P extends TSchema>(phase: P) =>
  Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      drill: Name,
      description: Type.Optional(Type.String()),
      environment: Type.Optional(
        Type.String({ description: 'environment of rehearse.config.yaml (default: defaultEnvironment)' }),
      ),
      traffic: Type.Object(
        {
          scenarios: Type.Array(Name, { minItems: 1, description: 'run in turn, through the API driver' }),
          ratePerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
          every: Type.Optional(Duration),
          tenants: Type.Optional(Tenants),
          maxInFlight: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 100, description: 'transactions at once per tenant (default 4)' }),
          ),
          timeout: Type.Optional(Duration),
        },
        {
          additionalProperties: false,
          description: 'synthetic transactions for the whole drill: ratePerSecond or every (default every 1s)',
        },
      ),
      baseline: Type.Optional(Duration),
      records: Type.Optional(
        Type.Record(Type.String(), RecordKind, {
          propertyNames: Name,
          description: 'business records to reconcile after recovery, by name',
        }),
      ),
      phases: Type.Array(phase, { minItems: 1 }),
      settle: Type.Optional(Duration),
      thresholds: Type.Optional(
        Type.Object(
          Object.fromEntries(DRILL_THRESHOLD_NAMES.map((name) => [name, Type.Optional(Threshold)])) as Record<
            DrillThresholdName,
            TOptional<typeof Threshold>
          >,
          { additionalProperties: false, description: 'what sets the exit code' },
        ),
      ),
    },
    { additionalProperties: false, description: 'a release or recovery drill' },
  );

/** A `drills/*.drill.yaml` file: steady traffic, phases in order, thresholds on what was measured. */
export const DrillSchema = drillSchemaWith(DrillPhase);
/** The file as the loader checks it first: phases are checked one by one (by their key), for precise errors. */
export const DrillFileForLoading = drillSchemaWith(Type.Unknown({ description: 'a phase' }));
export type Drill = Static<typeof DrillSchema>;
export type DrillPhase = Static<typeof DrillPhase>;
export type DrillRecordKind = Static<typeof RecordKind>;
export type DrillThresholdValue = Static<typeof Threshold>;
