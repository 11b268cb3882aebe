import { Type, type Static } from '../../core/typebox.js';
import { DURATION_MAX_KEYWORD, DURATION_PATTERN, MAX_TIMER_MS } from '../../core/duration.js';
import { LIMITS } from '../../core/limits.js';

// Faults are data: this file is the one source of truth for the YAML files in
// virtual-services/<partner>/faults/, the admin API's inline rules, and the
// editor schema schemas/fault-profile.schema.json.

const durationOf = (description: string) =>
  Type.Union(
    [
      Type.String({
        pattern: DURATION_PATTERN,
        [DURATION_MAX_KEYWORD]: MAX_TIMER_MS,
        description: 'a duration such as 250ms, 2s or 1m',
        examples: ['250ms', '2s'],
      }),
      Type.Number({ minimum: 0, maximum: MAX_TIMER_MS, description: 'milliseconds' }),
    ],
    { description },
  );
const Duration = durationOf('a duration (250ms, 2s) or a number of milliseconds');

/** A string enum as JSON Schema `enum` (not anyOf of consts), so a typo gets a did-you-mean. */
const StringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const OneOrMany = (description: string) =>
  Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })], { description });

export const FaultMatchSchema = Type.Object(
  {
    method: Type.Optional(OneOrMany('HTTP method(s), e.g. POST or [GET, POST]')),
    path: Type.Optional(OneOrMany('path pattern(s) relative to the partner, e.g. /labels, /tracking/:id, /messages/*')),
    route: Type.Optional(OneOrMany('method and path pattern, e.g. "POST /labels"')),
    tenant: Type.Optional(OneOrMany('tenant id(s) from the X-Tenant-Id header')),
    tradingPartner: Type.Optional(
      OneOrMany(
        'trading partner id(s): X-Trading-Partner header, ?partner= query, or the ISA08 receiver of an X12 body',
      ),
    ),
  },
  { additionalProperties: false, description: 'which requests the rule applies to (all given keys must match)' },
);

export const LatencyModelSchema = Type.Object(
  {
    model: StringEnum(
      ['fixed', 'uniform', 'normal', 'lognormal'] as const,
      'fixed (delay), uniform (min, max), normal (mean, stddev) or lognormal (p50, p99)',
    ),
    delay: Type.Optional(Duration),
    min: Type.Optional(Duration),
    max: Type.Optional(Duration),
    mean: Type.Optional(Duration),
    stddev: Type.Optional(Duration),
    p50: Type.Optional(Duration),
    p99: Type.Optional(Duration),
  },
  { additionalProperties: false, description: 'a latency model added before the response' },
);

export const ErrorFaultSchema = Type.Union(
  [
    Type.Integer({ minimum: 400, maximum: 599, description: 'an HTTP error status' }),
    Type.Object(
      {
        status: Type.Integer({ minimum: 400, maximum: 599, description: 'the HTTP error status' }),
        body: Type.Optional(
          Type.Unknown({ description: 'response body (JSON); default { error: { code, message } }' }),
        ),
        headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'extra response headers' })),
        retryAfter: Type.Optional(durationOf('sent as the Retry-After header, in whole seconds')),
      },
      { additionalProperties: false, description: 'an error response' },
    ),
  ],
  { description: 'an HTTP error status, or { status, body, headers, retryAfter }' },
);

export const DribbleSchema = Type.Object(
  {
    chunkBytes: Type.Optional(Type.Integer({ minimum: 1, description: 'bytes per chunk, default 16' })),
    interval: durationOf('pause between chunks'),
  },
  { additionalProperties: false, description: 'send the body in small chunks with a pause between them' },
);

export const RateLimitSchema = Type.Object(
  {
    capacity: Type.Integer({ minimum: 1, description: 'bucket size: the burst allowed' }),
    refillPerSecond: Type.Number({ exclusiveMinimum: 0, description: 'tokens added per second' }),
    per: Type.Optional(
      StringEnum(
        ['tenant', 'tradingPartner', 'global'] as const,
        'one bucket per tenant (default), per trading partner, or one for all',
      ),
    ),
    status: Type.Optional(
      Type.Integer({ minimum: 400, maximum: 599, description: 'status when limited, default 429' }),
    ),
  },
  { additionalProperties: false, description: 'a token bucket; requests beyond it get 429 with Retry-After' },
);

export const FaultRuleSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'a name shown in the journal' })),
    description: Type.Optional(Type.String()),
    match: Type.Optional(FaultMatchSchema),
    probability: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'chance the rule fires per matching request, default 1' }),
    ),
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: LIMITS.requests,
        description: 'let this many matching requests through first',
      }),
    ),
    times: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: LIMITS.requests,
        description: 'apply to this many matching requests (after `after`), then recover',
      }),
    ),
    during: Type.Optional(
      durationOf('apply for this long after the first matching request, then recover (an outage window)'),
    ),
    latency: Type.Optional(LatencyModelSchema),
    error: Type.Optional(ErrorFaultSchema),
    reset: Type.Optional(Type.Literal(true, { description: 'reset the connection (the client sees ECONNRESET)' })),
    hang: Type.Optional(
      Type.Union([Type.Literal(true), Duration], {
        description: 'never answer; true = until the client gives up (at most 2m), or a bound',
      }),
    ),
    body: Type.Optional(
      StringEnum(
        ['empty', 'malformed', 'truncated'] as const,
        'damage the real response body: empty, malformed or truncated',
      ),
    ),
    dribble: Type.Optional(DribbleSchema),
    rateLimit: Type.Optional(RateLimitSchema),
  },
  {
    additionalProperties: false,
    description: 'a fault rule: where it applies (match), when (probability, after, times, during) and what it does',
  },
);

export const FaultProfileSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ description: 'what this profile simulates' })),
    rules: Type.Array(FaultRuleSchema, {
      description:
        'rules in order, all evaluated: latencies add up; the first rule firing error, reset, hang or rateLimit ends the evaluation; the first body or dribble shapes the real response',
    }),
  },
  { additionalProperties: false, description: 'a named fault profile of a virtual partner' },
);

export type FaultMatch = Static<typeof FaultMatchSchema>;
export type LatencyModel = Static<typeof LatencyModelSchema>;
export type ErrorFault = Static<typeof ErrorFaultSchema>;
export type FaultRule = Static<typeof FaultRuleSchema>;
export type FaultProfile = Static<typeof FaultProfileSchema>;
export type DurationValue = Static<typeof Duration>;
