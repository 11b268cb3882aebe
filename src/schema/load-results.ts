import { Type, type Static } from '../core/typebox.js';

/** The version of the load results' JSON shape; bumped on any change a reader would notice. */
export const LOAD_RESULTS_VERSION = 1;

const Histogram = Type.String({
  description:
    'an HdrHistogram of latencies in microseconds (1 µs to 1 h, 3 significant digits), compressed and base64-encoded as hdr-histogram-js encodeIntoCompressedBase64 writes it (the HdrHistogram V2 compressed format, which the Java, Go and Python ports read)',
});

const Metric = Type.Object(
  {
    runs: Type.Integer({ minimum: 0, description: 'iterations (or action runs) that ended, passed or failed' }),
    failed: Type.Integer({ minimum: 0 }),
    histogram: Histogram,
  },
  { additionalProperties: false },
);

const Stage = Type.Object(
  {
    durationMs: Type.Number({ minimum: 0 }),
    target: Type.Number({ minimum: 0, description: 'iterations/s (open model) or virtual users (closed model)' }),
  },
  { additionalProperties: false },
);

/** One second of the run, for the latency-over-time chart. */
const TimelinePoint = Type.Object(
  {
    second: Type.Integer({ minimum: 0, description: 'seconds from the start' }),
    runs: Type.Integer({ minimum: 0 }),
    failed: Type.Integer({ minimum: 0 }),
    histogram: Histogram,
  },
  { additionalProperties: false },
);

/**
 * What `rehearse load` writes for one segment (`<outputDir>/load/segment-<i>-of-<n>.json`), and
 * `rehearse load merge` for their union (`<outputDir>/load/merged.json`). Latencies are kept as
 * HDR histograms, never as percentiles, so segments merge exactly. JSON Schema:
 * `schemas/load-results.schema.json` (generated from this definition). Times ISO 8601 UTC.
 */
export const LoadResultsSchema = Type.Object(
  {
    schemaVersion: Type.Literal(LOAD_RESULTS_VERSION),
    load: Type.Object(
      {
        scenario: Type.String(),
        file: Type.String({ description: 'the scenario file, relative to the project' }),
        tenant: Type.String(),
        environment: Type.String(),
        targetUrl: Type.String(),
        model: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
        start: Type.Number({ minimum: 0, description: 'iterations/s or VUs at time 0' }),
        stages: Type.Array(Stage, { minItems: 1 }),
        maxInFlight: Type.Integer({ minimum: 1, description: 'open model: iterations in flight at most' }),
        seed: Type.String(),
        thresholds: Type.Array(Type.String(), {
          description:
            'the thresholds that set the exit code, as written: --threshold, and the tenant profile’s slos: with --fail-on-slo',
        }),
        sloWarnings: Type.Array(Type.String(), {
          description:
            'the tenant profile’s slos: as thresholds that are reported but set no exit code (no --fail-on-slo)',
        }),
        group: Type.String({ description: 'what the segments of one load run share; merge refuses others' }),
      },
      { additionalProperties: false },
    ),
    segments: Type.Object(
      {
        count: Type.Integer({ minimum: 1 }),
        merged: Type.Array(Type.Integer({ minimum: 1 }), { description: 'the segments this file holds' }),
        missing: Type.Array(Type.Integer({ minimum: 1 })),
      },
      { additionalProperties: false },
    ),
    startedAt: Type.String(),
    durationMs: Type.Number({ minimum: 0, description: 'wall time of the longest segment, ms' }),
    iterations: Type.Object(
      {
        scheduled: Type.Integer({ minimum: 0, description: 'open model: arrivals due; closed: iterations started' }),
        dropped: Type.Integer({
          minimum: 0,
          description:
            'open model: arrivals that could not start before the end (maxInFlight reached); counted as failed',
        }),
        interrupted: Type.Integer({ minimum: 0, description: 'iterations cut off by the end of the run or a signal' }),
      },
      { additionalProperties: false },
    ),
    iteration: Type.Object(Metric.properties, {
      additionalProperties: false,
      description:
        'one pass of the scenario: open model from its intended start (coordinated omission corrected), closed model from its start',
    }),
    actions: Type.Record(Type.String(), Metric, {
      description: 'per `do:` action: its runs as the engine timed them (from the action’s own start)',
    }),
    errors: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
      description: 'failed iterations by their first failure (error code or failed check), redacted',
    }),
    timeline: Type.Array(TimelinePoint, { description: 'per second: iterations ended and their latency' }),
    neighbour: Type.Optional(
      Type.Object(
        {
          tenant: Type.String({ description: 'the second tenant, whose scenarios ran beside the load' }),
          tag: Type.String({ description: 'the tag that chose its scenarios' }),
          scenarios: Type.Record(
            Type.String(),
            Type.Object(
              {
                baseline: Type.Object(Metric.properties, {
                  additionalProperties: false,
                  description: 'its runs before the load (one virtual user, the scenarios in turn)',
                }),
                underLoad: Type.Object(Metric.properties, {
                  additionalProperties: false,
                  description: 'its runs while the load ran, the same way',
                }),
              },
              { additionalProperties: false },
            ),
            { description: 'per scenario of the neighbour: each is compared with its own baseline' },
          ),
          maxShifts: Type.Array(Type.String(), { description: '--max-shift thresholds, as written' }),
        },
        {
          additionalProperties: false,
          description:
            'the noisy-neighbour rehearsal (--neighbour): how far a second tenant moved while this one was loaded',
        },
      ),
    ),
    samples: Type.Optional(
      Type.Array(Type.Number(), {
        description: 'every iteration latency in µs (only with --keep-samples; for checking a merge)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LoadResults = Static<typeof LoadResultsSchema>;
export type LoadMetric = Static<typeof Metric>;
