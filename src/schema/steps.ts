import { Type, type Static, type TSchema } from '../core/typebox.js';
import { FaultRuleSchema } from '../virtual/faults/fault-profile-schema.js';
import { X12EnvelopeOverride, X12SegmentList } from './edi-template.js';
import { DURATION_MAX_KEYWORD, DURATION_PATTERN, MAX_TIMER_MS } from '../core/duration.js';
import { LIMITS } from '../core/limits.js';
import { CookieChoice } from './session.js';
import { UiOperationSchema } from './ui-step.js';
import { STEP_KIND_NAMES } from './step-kinds.js';
import {
  Duration,
  ExpectSpec,
  FollowRedirects,
  Identifier,
  Name,
  NamedRecord,
  SaveSpec,
  orExpression,
} from './common.js';

export const VirtualScope = Type.Union([Type.Literal('run'), Type.Literal('tenant'), Type.Literal('all')], {
  description:
    "run (default): only requests carrying this scenario run's trace id (the target propagates W3C traceparent); tenant: every request of the run's tenant; all: every request",
});

/** A partner's faults for a whole scenario (scenario-level `virtual:`), as the `virtual` step takes them. */
export const VirtualSetup = Type.Object(
  {
    profile: Type.Optional(Type.String({ description: 'a fault profile from virtual-services/<partner>/faults/' })),
    faults: Type.Optional(Type.Array(FaultRuleSchema, { description: 'inline fault rules' })),
    scope: Type.Optional(VirtualScope),
  },
  { additionalProperties: false, description: 'profile or faults (and scope) for one partner' },
);

/**
 * Step kinds of the scenario language. A step is an object with exactly one
 * discriminating key (`http`, `do`, `eventually`, ...) naming its kind.
 *
 * The kinds are built by one factory from the schema of a nested step list, so
 * that the same definitions give (a) recursive TypeScript types and the editor
 * JSON Schema, and (b) shallow per-kind schemas the loader validates one step at
 * a time with (nested steps are then validated on their own, with exact paths).
 */
function stepKinds<S extends TSchema, U extends TSchema>(nestedSteps: S, uiOperation: U) {
  // `as: <tenant>` on a step that talks to the target: that tenant's auth, cookies and `tenant.*`.
  const asTenant = {
    as: Type.Optional(
      Type.String({
        ...Name,
        description:
          "act as this tenant profile for this step: its credentials, cookie jar and tenant.* data (a literal name, checked on load); saves still go to the scenario's variables",
        examples: ['regulated'],
      }),
    ),
  };
  // `collect:` of repeat and parallel: one list per name, a value from every copy.
  const Collect = NamedRecord(Identifier, Type.Unknown(), {
    description:
      "after the block, each name holds the list of the value rendered in every copy that passed, in copy order; the value may read what the copy saved, its index and durationMs (the copy's own time)",
  });
  const common = {
    name: Type.Optional(Type.String({ description: 'readable title shown in reports' })),
    id: Type.Optional(Type.String({ pattern: '^[A-Za-z][\\w-]*$', description: 'unique step id within the scenario' })),
    if: Type.Optional(Type.String({ description: 'run the step only when this {{ expression }} is truthy' })),
    cookies: Type.Optional(CookieChoice),
  };
  const Body = {
    json: Type.Optional(Type.Unknown({ description: 'JSON body' })),
    form: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'form-urlencoded body' })),
    text: Type.Optional(Type.String({ description: 'text body' })),
    raw: Type.Optional(Type.String({ description: 'raw body, base64' })),
    contentType: Type.Optional(Type.String()),
  };
  const httpOptions = {
    headers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    query: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    timeout: Type.Optional(Duration),
    idempotencyKey: Type.Optional(Type.String()),
    followRedirects: Type.Optional(FollowRedirects),
    expect: Type.Optional(ExpectSpec),
    save: Type.Optional(SaveSpec),
    maxDuration: Type.Optional(Duration),
  };
  const object = <P extends Record<string, TSchema>>(properties: P, description: string) =>
    Type.Object(properties, { additionalProperties: false, description });

  return {
    http: object(
      {
        http: Type.String({
          // Each character has one way to match (linear): a lone "{", or "{{" that opens an expression.
          pattern: '^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (?:[^\\s{]|\\{(?!\\{)|\\{\\{[^}]*\\}\\})+$',
          description: 'METHOD and path or URL, e.g. "GET /api/orders/{{ orderId }}"',
          examples: ['GET /api/orders', 'POST /api/orders'],
        }),
        ...common,
        ...asTenant,
        ...Body,
        ...httpOptions,
      },
      'http step: one request',
    ),
    graphql: object(
      {
        graphql: object(
          {
            query: Type.String(),
            variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            operationName: Type.Optional(Type.String()),
            url: Type.Optional(Type.String({ description: 'endpoint path or URL, default /graphql' })),
          },
          'GraphQL request',
        ),
        ...common,
        ...asTenant,
        ...httpOptions,
      },
      'graphql step: a GraphQL query or mutation; errors[] fail the step unless expected',
    ),
    do: object(
      {
        do: Type.String({ description: 'name of an action from scenarios/actions, e.g. order.create' }),
        with: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'action parameters' })),
        expect: Type.Optional(ExpectSpec),
        save: Type.Optional(SaveSpec),
        maxDuration: Type.Optional(Duration),
        ...common,
        ...asTenant,
      },
      'do step: run a business action',
    ),
    expect: object({ expect: ExpectSpec, ...common }, 'expect step: assertions on variables'),
    set: object(
      { set: NamedRecord(Identifier, Type.Unknown(), { description: 'variables to assign' }), ...common },
      'set step: assign variables',
    ),
    wait: object(
      {
        wait: Type.String({
          // One pattern, not a union: a wrong duration then gets the duration's own message.
          pattern: `${DURATION_PATTERN}|\\{\\{`,
          [DURATION_MAX_KEYWORD]: MAX_TIMER_MS,
          description:
            'a duration such as 800ms, 30s, 2m or 1h, or one with {{ }}: "{{ tenant.settleTime }}", "{{ delay }}s"',
          examples: ['500ms', '30s', '{{ delay }}s'],
        }),
        ...common,
      },
      'wait step: pause',
    ),
    eventually: object(
      {
        eventually: object(
          {
            within: Duration,
            every: Type.Optional(Duration),
            backoff: Type.Optional(
              Type.Number({ minimum: 1, maximum: 10, description: 'multiply the interval after each attempt' }),
            ),
            maxEvery: Type.Optional(Duration),
            show: Type.Optional(
              Type.String({
                description:
                  'what to show with a failure: rendered after the last attempt, e.g. "{{ response.body.job }}" (the job it waited on: state, attempts, last error)',
              }),
            ),
          },
          'polling: within, every, backoff, show',
        ),
        steps: nestedSteps,
        ...common,
      },
      'eventually step: retry a block until it passes or the time is up',
    ),
    include: object(
      {
        include: Type.String({ description: 'name of a fragment from scenarios/fragments' }),
        with: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        ...common,
        ...asTenant,
      },
      'include step: run a reusable fragment',
    ),
    repeat: object(
      {
        repeat: orExpression(Type.Integer({ minimum: 0, maximum: LIMITS.repeat, description: 'a count' })),
        as: Type.Optional(Identifier),
        steps: nestedSteps,
        collect: Type.Optional(Collect),
        ...common,
      },
      'repeat step: run a block N times in sequence',
    ),
    parallel: object(
      {
        parallel: object(
          {
            count: Type.Optional(orExpression(Type.Integer({ minimum: 0, maximum: LIMITS.parallelCount }))),
            concurrency: orExpression(Type.Integer({ minimum: 1, maximum: LIMITS.concurrency })),
          },
          'parallel: count copies of the block (or each step as a branch), at most concurrency at once',
        ),
        as: Type.Optional(Identifier),
        steps: nestedSteps,
        collect: Type.Optional(Collect),
        ...common,
      },
      'parallel step: run a block concurrently with a limit',
    ),
    virtual: object(
      {
        virtual: Type.String({ description: 'the virtual partner: carrier, tax, payment, supplier, edi-van, ...' }),
        profile: Type.Optional(Type.String({ description: 'a fault profile from virtual-services/<partner>/faults/' })),
        faults: Type.Optional(Type.Array(FaultRuleSchema, { description: 'inline fault rules' })),
        next: Type.Optional(
          orExpression(
            Type.Integer({
              minimum: 1,
              maximum: LIMITS.requests,
              description: 'only for the next N requests, then recovery',
            }),
          ),
        ),
        scope: Type.Optional(VirtualScope),
        ...common,
      },
      "virtual step: switch a partner's fault profile (or inline faults) until the scenario ends",
    ),
    'virtual.expect': object(
      {
        'virtual.expect': Type.String({ description: 'the virtual partner whose journal is read' }),
        request: Type.Optional(
          object(
            {
              method: Type.Optional(Type.String({ description: 'HTTP method, e.g. POST' })),
              path: Type.Optional(
                Type.String({ description: 'path relative to the partner, patterns like /tracking/:id allowed' }),
              ),
              route: Type.Optional(Type.String({ description: 'the handler route, e.g. "POST /labels"' })),
              body: Type.Optional(Type.Unknown({ description: 'JSON subset of the body, matchers allowed' })),
              headers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
              query: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            },
            'which requests count',
          ),
        ),
        times: Type.Optional(
          orExpression(Type.Integer({ minimum: 0, maximum: LIMITS.requests, description: 'exactly N requests' })),
        ),
        atLeast: Type.Optional(
          orExpression(Type.Integer({ minimum: 0, maximum: LIMITS.requests, description: 'at least N (default 1)' })),
        ),
        atMost: Type.Optional(
          orExpression(Type.Integer({ minimum: 0, maximum: LIMITS.requests, description: 'at most N' })),
        ),
        within: Type.Optional(Duration),
        every: Type.Optional(Duration),
        scope: Type.Optional(VirtualScope),
        contract: Type.Optional(
          Type.Boolean({ description: "matched requests must keep the partner's contract (default true)" }),
        ),
        save: Type.Optional(SaveSpec),
        ...common,
      },
      'virtual.expect step: the target sent this partner N requests like these (polls for async senders)',
    ),
    'edi.send': object(
      {
        'edi.send': Type.String({ pattern: '^[0-9]{3}$', description: 'the transaction set, e.g. 850' }),
        partner: Type.Optional(
          Type.String({ description: "the trading partner's code from the tenant profile; default the first" }),
        ),
        template: Type.Optional(
          Type.String({ description: 'the name of a template in edi/templates/<name>.yaml (segments, envelope)' }),
        ),
        segments: Type.Optional(X12SegmentList),
        envelope: Type.Optional(X12EnvelopeOverride),
        to: Type.Optional(
          Type.String({ description: "the target's inbound path or URL, default the tenant's edi.inbound" }),
        ),
        headers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        expect: Type.Optional(ExpectSpec),
        save: Type.Optional(SaveSpec),
        ...common,
        ...asTenant,
      },
      'edi.send step: build an X12 document and deliver it to the target through the virtual EDI VAN',
    ),
    'edi.expect': object(
      {
        'edi.expect': Type.String({ pattern: '^[0-9]{3}$', description: 'the transaction set, e.g. 856' }),
        partner: Type.Optional(
          Type.String({ description: "the trading partner's code (its ISA id is the receiver); default the first" }),
        ),
        where: Type.Optional(
          Type.Record(Type.String(), Type.Unknown(), {
            description: 'pick the document whose query paths match, e.g. { BSN02: "{{ shipmentId }}" }',
          }),
        ),
        within: Type.Optional(Duration),
        every: Type.Optional(Duration),
        valid: Type.Optional(Type.Boolean({ description: 'the document must validate (default true)' })),
        ack997: Type.Optional(
          Type.Union([Type.Literal('sent'), Type.Literal('not-sent')], {
            description: 'the target did (not) send a 997 for the last edi.send of this run',
          }),
        ),
        expect: Type.Optional(ExpectSpec),
        save: Type.Optional(SaveSpec),
        ...common,
        ...asTenant,
      },
      'edi.expect step: the VAN received a document of this set from the target for this partner',
    ),
    ui: object(
      {
        ui: uiOperation,
        ...common,
        timeout: Type.Optional(
          Type.String({
            ...Duration,
            description: "how long each wait of the operation may take (default: the run's action timeout)",
          }),
        ),
      },
      'ui step: one operation on the page (goto, click, fill, select, check, press, upload, expect, save, ...)',
    ),
    as: object(
      {
        as: Type.String({
          ...Name,
          description:
            "the tenant profile every step of the block acts as (a nested as: overrides it); saves still go to the scenario's variables",
          examples: ['regulated'],
        }),
        steps: nestedSteps,
        ...common,
      },
      'as block: run steps as another tenant (its credentials, cookie jar and tenant.* data)',
    ),
  };
}

type StepKindMap = ReturnType<typeof stepKinds<TSchema, TSchema>>;
export type StepKindName = keyof StepKindMap;

/** Recursive step schema: for TypeScript types and the editor JSON Schema. */
export const StepSchema = Type.Recursive(
  (This) => {
    const kinds = stepKinds(Type.Array(This, { minItems: 1 }), UiOperationSchema);
    return Type.Union(Object.values(kinds), {
      description:
        'a step: http, graphql, do, expect, set, wait, eventually, include, repeat, parallel, virtual, virtual.expect, edi.send, edi.expect, ui or an as block',
    });
  },
  { $id: 'Step' },
);
export type Step = Static<typeof StepSchema>;

/** Per-kind schemas whose nested `steps` are validated separately by the loader. */
export const SHALLOW_STEP_SCHEMAS: Readonly<Record<StepKindName, TSchema>> = stepKinds(
  Type.Array(Type.Unknown(), { minItems: 1, description: 'a list of steps' }),
  // The operation is checked by the loader (check-ui-step.ts): its key first, then its own schema.
  Type.Object({}, { additionalProperties: true, description: 'one UI operation, e.g. { click: { role: button } }' }),
);

export { STEP_KIND_NAMES };
// step-kinds.ts lists the kinds without TypeBox; these fail to compile when a kind is added here only.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const stepKindNamesAreTheSchemas: Same<(typeof STEP_KIND_NAMES)[number], StepKindName> = true;
void stepKindNamesAreTheSchemas;

/** Keys every step may carry besides its kind's own. */
export const COMMON_STEP_KEYS = ['name', 'id', 'if', 'cookies'] as const;

/** Step kinds whose `steps` hold a nested block. */
export const BLOCK_STEP_KINDS: ReadonlySet<StepKindName> = new Set(['eventually', 'repeat', 'parallel', 'as']);

export { AS_TENANT_STEP_KINDS } from './step-kinds.js';

export type HttpStep = Extract<Step, { http: string }>;
export type GraphqlStep = Extract<Step, { graphql: unknown }>;
export type DoStep = Extract<Step, { do: string }>;
export type ExpectStep = Extract<Step, { expect: unknown }> & { http?: never; do?: never; graphql?: never };
export type SetStep = Extract<Step, { set: unknown }>;
export type WaitStep = Extract<Step, { wait: string }>;
export type EventuallyStep = Extract<Step, { eventually: unknown }>;
export type IncludeStep = Extract<Step, { include: string }>;
export type RepeatStep = Extract<Step, { repeat: unknown }>;
export type ParallelStep = Extract<Step, { parallel: unknown }>;
export type VirtualStep = Extract<Step, { virtual: string }>;
export type VirtualExpectStep = Extract<Step, { 'virtual.expect': string }>;
export type EdiSendStep = Extract<Step, { 'edi.send': string }>;
export type EdiExpectStep = Extract<Step, { 'edi.expect': string }>;
export type AsStep = Extract<Step, { as: string; steps: unknown }>;
export type UiStep = Extract<Step, { ui: unknown }>;
