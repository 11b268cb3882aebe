import { Type, type Static } from '../core/typebox.js';
import { ActionName, Identifier, Name, NamedRecord } from './common.js';
import { CookieChoice, DefaultHeaders } from './session.js';
import { PARAM_TYPE_NAMES } from './page-object.js';
import { StepSchema } from './steps.js';

export const ParamType = Type.Union(
  PARAM_TYPE_NAMES.map((t) => Type.Literal(t)),
  { description: 'string | number | integer | boolean | array | object | any' },
);

export const ParamSchema = Type.Object(
  {
    type: ParamType,
    required: Type.Optional(Type.Boolean()),
    default: Type.Optional(Type.Unknown()),
    description: Type.Optional(Type.String()),
    secret: Type.Optional(
      Type.Boolean({
        description:
          'the value is a secret: masked by value in every result, message, title and report (e.g. a password passed as a GraphQL variable)',
      }),
    ),
  },
  { additionalProperties: false, description: 'a parameter: { type, required?, default?, description?, secret? }' },
);
export type ParamSpec = Static<typeof ParamSchema>;

const ImplementationSteps = (driver: 'api' | 'ui', what: string) =>
  Type.Array(StepSchema, { minItems: 1, description: `the ${driver} implementation: ${what}` });

/**
 * One implementation of an action: a step list, or `{ steps, returns }` when this
 * implementation's result is read differently from the other's (its `returns` wins over the
 * action's own for runs of that driver).
 */
const Implementation = (driver: 'api' | 'ui', what: string) =>
  Type.Union(
    [
      ImplementationSteps(driver, what),
      Type.Object(
        {
          steps: ImplementationSteps(driver, what),
          returns: Type.Optional(
            Type.Unknown({
              description: `the result of the ${driver} implementation, e.g. "{{ order }}" (over the action's returns)`,
            }),
          ),
        },
        {
          additionalProperties: false,
          description: `the ${driver} implementation with its own result: { steps: [...], returns: ... }`,
        },
      ),
    ],
    { description: `the ${driver} implementation: a step list, or { steps, returns }` },
  );

export const ActionSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    params: Type.Optional(NamedRecord(Identifier, ParamSchema, { description: 'parameters by name' })),
    api: Type.Optional(
      Implementation('api', 'http (and other non-ui) steps with their own save/expect; used by runs of the api driver'),
    ),
    ui: Type.Optional(
      Implementation(
        'ui',
        'ui steps (and http, set, expect, ... steps) driving the screens; used by runs of the ui driver',
      ),
    ),
    returns: Type.Optional(
      Type.Unknown({
        description:
          'the action result, e.g. "{{ order }}"; default: the last response body. Both implementations give it the same shape',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'a business action: at least one implementation (api:, ui:) with the same parameters and result',
  },
);
export type Action = Static<typeof ActionSchema>;

/** A `scenarios/actions/*.yaml` file: actions keyed by dotted name (`order.create`). */
export const ActionFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    headers: Type.Optional(DefaultHeaders),
    cookies: Type.Optional(CookieChoice),
    actions: NamedRecord(ActionName, ActionSchema, { description: 'actions by dotted name, e.g. order.create' }),
  },
  { additionalProperties: false, description: 'a file of business actions' },
);
export type ActionFile = Static<typeof ActionFileSchema>;

/** A `scenarios/fragments/*.yaml` file: a reusable block of steps. */
export const FragmentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Name,
    description: Type.Optional(Type.String()),
    params: Type.Optional(NamedRecord(Identifier, ParamSchema, { description: 'parameters by name' })),
    steps: Type.Array(StepSchema, { minItems: 1 }),
  },
  { additionalProperties: false, description: 'a reusable fragment of steps' },
);
export type Fragment = Static<typeof FragmentSchema>;

// The parts the engine runs with, in a module without TypeBox (see action-implementation.ts).
export {
  ACTION_DRIVERS,
  implementationOf,
  type ActionDriver,
  type ActionImplementation,
} from './action-implementation.js';
