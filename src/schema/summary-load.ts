import { Type, type Static } from '../core/typebox.js';

// What the business summary keeps of a `rehearse load` run (or a `rehearse load merge`): the
// figures a release gate reads, computed from the merged HDR histograms of load-results.json
// (schemas/load-results.schema.json has the histograms themselves). Latencies ms, ratios 0..1.

const Ms = (description: string) => Type.Number({ minimum: 0, description });
const Count = Type.Integer({ minimum: 0 });

const LoadFigures = Type.Object(
  {
    runs: Type.Integer({ minimum: 0, description: 'runs that ended, passed or failed (requests, for an action)' }),
    failed: Count,
    errorRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description:
        'failed / runs, as the thresholds judge it (for the iteration, dropped arrivals count as failed runs); null: nothing ran',
    }),
    p50Ms: Type.Optional(Ms('from the HDR histogram (merged across segments, never averaged); absent: nothing ran')),
    p95Ms: Type.Optional(Ms('from the HDR histogram, as p50Ms')),
    p99Ms: Type.Optional(Ms('from the HDR histogram, as p50Ms')),
    maxMs: Type.Optional(Ms('from the HDR histogram, as p50Ms')),
    throughputPerS: Type.Number({ minimum: 0, description: 'runs that ended per second of the load’s wall time' }),
  },
  { additionalProperties: false },
);

const LoadActionFigures = Type.Object(
  { action: Type.String({ description: 'the `do:` action, e.g. order.create' }), ...LoadFigures.properties },
  { additionalProperties: false },
);

const LoadThreshold = Type.Object(
  {
    threshold: Type.String({ description: 'as written: p95<800ms, order.create:error_rate<1%' }),
    unit: Type.Union([Type.Literal('ms'), Type.Literal('ratio')], { description: 'of `actual`' }),
    actual: Type.Union([Type.Number(), Type.Null()], { description: 'what was measured; null: nothing was' }),
    passed: Type.Boolean(),
  },
  { additionalProperties: false },
);

const NeighbourMetric = Type.Object(
  {
    runs: Count,
    failed: Count,
    p50Ms: Type.Optional(Ms('from its histogram')),
    p95Ms: Type.Optional(Ms('from its histogram')),
  },
  { additionalProperties: false },
);

const LoadNeighbour = Type.Object(
  {
    tenant: Type.String({ description: 'the second tenant, whose scenarios ran beside the load' }),
    tag: Type.String(),
    scenarios: Type.Array(
      Type.Object(
        { scenario: Type.String(), baseline: NeighbourMetric, underLoad: NeighbourMetric },
        { additionalProperties: false },
      ),
    ),
    shifts: Type.Array(
      Type.Object(
        {
          threshold: Type.String({ description: '--max-shift as written: p95<50%, error_rate<1%' }),
          scenario: Type.Optional(Type.String({ description: 'the scenario that moved most' })),
          baseline: Type.Optional(Type.Number({ description: 'ms, or an error rate' })),
          underLoad: Type.Optional(Type.Number()),
          shift: Type.Optional(
            Type.Number({ description: 'latency: underLoad / baseline − 1; error rate: underLoad − baseline' }),
          ),
          passed: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'the noisy-neighbour rehearsal (--neighbour)' },
);

const LoadSlot = Type.Object(
  {
    startS: Type.Number({ minimum: 0, description: 'seconds from the start of the load' }),
    runs: Count,
    failed: Count,
    p95Ms: Type.Optional(Ms('p95 of the iterations that ended in the slot (their histograms added); absent: none did')),
  },
  { additionalProperties: false },
);

/** One load run in the business summary; identified by scenario × tenant (a later one replaces it). */
export const SummaryLoadSchema = Type.Object(
  {
    scenario: Type.String(),
    tenant: Type.String(),
    file: Type.String({ description: 'the scenario file, relative to the project' }),
    environment: Type.String(),
    model: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    profile: Type.String({ description: 'the profile in words: open model, start 0/s, 10s → 20/s' }),
    startedAt: Type.String({ description: 'ISO 8601, UTC' }),
    durationMs: Ms('wall time of the load (the longest segment)'),
    status: Type.Union(
      [
        Type.Literal('passed'),
        Type.Literal('failed'),
        Type.Literal('interrupted'),
        Type.Literal('incomplete'),
        Type.Literal('nothing-measured'),
      ],
      {
        description:
          "as load's exit code says: passed 0; failed 1 (a threshold or --max-shift did not hold); interrupted 130/143; incomplete: a merge with segments missing (2); nothing-measured: no iteration ended (2)",
      },
    ),
    segments: Type.Object(
      { count: Type.Integer({ minimum: 1 }), missing: Type.Array(Type.Integer({ minimum: 1 })) },
      { additionalProperties: false },
    ),
    results: Type.String({ description: 'its load-results JSON (the histograms), relative to the summary' }),
    iterations: Type.Object(
      { scheduled: Count, dropped: Count, interrupted: Count },
      { additionalProperties: false, description: 'as load-results.json counts them' },
    ),
    iteration: Type.Object(LoadFigures.properties, {
      additionalProperties: false,
      description: 'one pass of the scenario (open model: from its intended start, coordinated omission corrected)',
    }),
    actions: Type.Array(LoadActionFigures, { description: 'per `do:` action, by name' }),
    thresholds: Type.Array(LoadThreshold, { description: 'those that set the exit code' }),
    sloWarnings: Type.Array(LoadThreshold, {
      description: "the tenant profile's slos: judged and reported only (no --fail-on-slo)",
    }),
    neighbour: Type.Optional(LoadNeighbour),
    timeline: Type.Object(
      {
        slotS: Type.Number({ exclusiveMinimum: 0, description: 'seconds per slot' }),
        slots: Type.Array(LoadSlot),
      },
      {
        additionalProperties: false,
        description: 'the iteration’s p95 per time slot, for the latency-over-time chart',
      },
    ),
  },
  {
    additionalProperties: false,
    description: 'what one `rehearse load` (or `rehearse load merge`) measured for its tenant',
  },
);
export type SummaryLoad = Static<typeof SummaryLoadSchema>;
export type SummaryLoadFigures = Static<typeof LoadFigures>;
export type SummaryLoadThreshold = Static<typeof LoadThreshold>;
export type SummaryLoadSlot = Static<typeof LoadSlot>;
