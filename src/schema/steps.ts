import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Duration, ExpectSpec, SaveSpec, orExpression } from './common.js';

/**
 * Step kinds of the scenario language. A step is an object with exactly one
 * discriminating key (`http`, `do`, `eventually`, ...) naming its kind.
 *
 * The kinds are built by one factory from the schema of a nested step list, so
 * that the same definitions give (a) recursive TypeScript types and the editor
 * JSON Schema, and (b) shallow per-kind schemas the loader validates one step at
 * a time with (nested steps are then validated on their own, with exact paths).
 */
function stepKinds<S extends TSchema>(nestedSteps: S) {
  const common = {
    name: Type.Optional(Type.String({ description: 'readable title shown in reports' })),
    id: Type.Optional(Type.String({ pattern: '^[A-Za-z][\\w-]*$', description: 'unique step id within the scenario' })),
    if: Type.Optional(Type.String({ description: 'run the step only when this {{ expression }} is truthy' })),
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
          pattern: '^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (?:\\{\\{[^}]*\\}\\}|\\S)+$',
          description: 'METHOD and path or URL, e.g. "GET /api/orders/{{ orderId }}"',
          examples: ['GET /api/orders', 'POST /api/orders'],
        }),
        ...common,
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
      },
      'do step: run a business action',
    ),
    expect: object({ expect: ExpectSpec, ...common }, 'expect step: assertions on variables'),
    set: object(
      { set: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.Unknown()), ...common },
      'set step: assign variables',
    ),
    wait: object({ wait: Duration, ...common }, 'wait step: pause'),
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
          },
          'polling: within, every, backoff',
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
      },
      'include step: run a reusable fragment',
    ),
    repeat: object(
      {
        repeat: orExpression(Type.Integer({ minimum: 0, description: 'a count' })),
        as: Type.Optional(
          Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'name of the index variable' }),
        ),
        steps: nestedSteps,
        ...common,
      },
      'repeat step: run a block N times in sequence',
    ),
    parallel: object(
      {
        parallel: object(
          {
            count: Type.Optional(orExpression(Type.Integer({ minimum: 0 }))),
            concurrency: orExpression(Type.Integer({ minimum: 1 })),
          },
          'parallel: count copies of the block (or each step as a branch), at most concurrency at once',
        ),
        as: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' })),
        steps: nestedSteps,
        ...common,
      },
      'parallel step: run a block concurrently with a limit',
    ),
  };
}

type StepKindMap = ReturnType<typeof stepKinds<TSchema>>;
export type StepKindName = keyof StepKindMap;

/** Recursive step schema: for TypeScript types and the editor JSON Schema. */
export const StepSchema = Type.Recursive(
  (This) => {
    const kinds = stepKinds(Type.Array(This, { minItems: 1 }));
    return Type.Union(Object.values(kinds), {
      description: 'a step: http, graphql, do, expect, set, wait, eventually, include, repeat or parallel',
    });
  },
  { $id: 'Step' },
);
export type Step = Static<typeof StepSchema>;

/** Per-kind schemas whose nested `steps` are validated separately by the loader. */
export const SHALLOW_STEP_SCHEMAS: Readonly<Record<StepKindName, TSchema>> = stepKinds(
  Type.Array(Type.Unknown(), { minItems: 1, description: 'a list of steps' }),
);

export const STEP_KIND_NAMES = Object.keys(SHALLOW_STEP_SCHEMAS) as StepKindName[];

/** Keys every step may carry besides its kind's own. */
export const COMMON_STEP_KEYS = ['name', 'id', 'if'] as const;

/** Step kinds whose `steps` hold a nested block. */
export const BLOCK_STEP_KINDS: ReadonlySet<StepKindName> = new Set(['eventually', 'repeat', 'parallel']);

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
