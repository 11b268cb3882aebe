import { Type, type Static } from '../core/typebox.js';
import { LIMITS } from '../core/limits.js';
import { Duration, Identifier, Name, NamedRecord, Tag } from './common.js';
import { StepSchema, VirtualSetup } from './steps.js';

const StepList = Type.Array(StepSchema, { minItems: 1 });

export const TenantSelector = Type.Union(
  [
    Type.Literal('all', { description: 'every tenant profile' }),
    Type.Array(Type.String(), { minItems: 1, description: 'a list of tenant profile names' }),
    Type.Object(
      { traits: Type.Array(Type.String(), { minItems: 1 }) },
      { additionalProperties: false, description: '{ traits: [...] }: profiles having all these traits' },
    ),
  ],
  { description: 'all | [tenant, ...] | { traits: [...] }' },
);
export type TenantSelector = Static<typeof TenantSelector>;

export const DriverName = Type.Union([Type.Literal('api'), Type.Literal('ui')], { description: 'api or ui' });
export type DriverName = Static<typeof DriverName>;

/** A `*.scenario.yaml` file: one business workflow. */
export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Name,
    title: Type.Optional(Type.String({ description: 'readable title shown in reports' })),
    description: Type.Optional(Type.String()),
    tags: Type.Optional(
      Type.Array(Tag, {
        description:
          'tags for --tag / --grep, e.g. smoke; a severity tag (blocker, critical, normal, minor, trivial) sets the severity reports show',
      }),
    ),
    workflow: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]*$',
        description:
          'the business workflow the scenario rehearses, grouping it in reports (Allure epic, the summary matrix): order-to-cash, allocation, shipment, invoicing, mrp, purchasing, edi, ... — default: its first tag naming one of these, else "other"',
        examples: ['order-to-cash'],
      }),
    ),
    owner: Type.Optional(
      Type.String({ minLength: 1, description: 'who answers for the scenario (a team or person), shown in reports' }),
    ),
    tenants: Type.Optional(TenantSelector),
    kind: Type.Optional(
      Type.Union([Type.Literal('setup'), Type.Literal('teardown')], {
        description:
          "setup: runs once per tenant before the tenant's other scenarios, which see the variables it ends with; teardown: runs once per tenant after them (needs a setup for the tenant)",
      }),
    ),
    drivers: Type.Optional(Type.Array(DriverName, { minItems: 1 })),
    timeout: Type.Optional(Duration),
    retries: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: LIMITS.retries,
        description:
          "retries of this scenario's tests when they fail (a pass after a retry is reported flaky); overrides --retries and the config's retries.scenario",
      }),
    ),
    virtual: Type.Optional(
      NamedRecord(Name, VirtualSetup, {
        description: 'partner → faults for the whole scenario, e.g. { carrier: { profile: flaky } }',
      }),
    ),
    vars: Type.Optional(NamedRecord(Identifier, Type.Unknown(), { description: 'variables by name' })),
    secrets: Type.Optional(
      Type.Array(Identifier, {
        uniqueItems: true,
        description:
          'names of variables whose values are secret (from vars, save or set): masked by value in every result, message, title and report',
      }),
    ),
    steps: StepList,
    cleanup: Type.Optional(StepList),
  },
  { additionalProperties: false, description: 'a Rehearse scenario' },
);
export type Scenario = Static<typeof ScenarioSchema>;
