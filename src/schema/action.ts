import { Type, type Static } from '@sinclair/typebox';
import { ActionName, Identifier, Name, NamedRecord } from './common.js';
import { CookieChoice, DefaultHeaders } from './session.js';
import { StepSchema } from './steps.js';

export const ParamType = Type.Union(
  ['string', 'number', 'integer', 'boolean', 'array', 'object', 'any'].map((t) => Type.Literal(t)),
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

export const ActionSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    params: Type.Optional(NamedRecord(Identifier, ParamSchema, { description: 'parameters by name' })),
    api: Type.Array(StepSchema, {
      minItems: 1,
      description: 'the API implementation: http steps with their own save/expect',
    }),
    returns: Type.Optional(
      Type.Unknown({ description: 'the action result, e.g. "{{ order }}"; default: the last response body' }),
    ),
  },
  { additionalProperties: false, description: 'a business action' },
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
