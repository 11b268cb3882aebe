import { Type, type Static } from '../core/typebox.js';
import { AuthConfig } from './auth.js';
import { LIMITS } from '../core/limits.js';
import { ActionName, Duration, Name, NamedRecord } from './common.js';
import { TenantExpectations } from './preflight.js';
import { CookieMode, DefaultHeaders } from './session.js';

const MasterData = Type.Array(Type.Record(Type.String(), Type.Unknown()));

/** A `tenant-profiles/*.yaml` file. Profiles become Playwright projects. */
export const TenantProfileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Name,
    description: Type.Optional(Type.String()),
    tenantId: Type.Optional(Type.String({ description: 'the tenant id in the target, default: name' })),
    traits: Type.Optional(Type.Array(Type.String(), { description: 'e.g. edi, high-volume, regulated' })),
    auth: Type.Optional(AuthConfig),
    headers: Type.Optional(DefaultHeaders),
    cookies: Type.Optional(CookieMode),
    customers: Type.Optional(MasterData),
    items: Type.Optional(
      Type.Record(Type.String(), MasterData, {
        description: 'items grouped by kind, e.g. stocked, components, assemblies',
      }),
    ),
    warehouses: Type.Optional(MasterData),
    suppliers: Type.Optional(MasterData),
    partners: Type.Optional(MasterData),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'any other master data' })),
    volume: Type.Optional(
      Type.Object(
        {
          orders: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.orders })),
          linesPerOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.linesPerOrder })),
          concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.concurrency })),
        },
        { additionalProperties: false },
      ),
    ),
    slos: Type.Optional(
      NamedRecord(
        ActionName,
        Type.Object(
          { p95: Type.Optional(Duration), successRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) },
          { additionalProperties: false },
        ),
        { description: 'per action: { p95, successRate }' },
      ),
    ),
    edi: Type.Optional(
      Type.Object(
        {
          isaId: Type.String({ minLength: 1, maxLength: 15, description: "the tenant's own ISA id (ISA06/ISA08)" }),
          isaQualifier: Type.Optional(Type.String({ minLength: 2, maxLength: 2, description: 'default ZZ' })),
          gsId: Type.Optional(Type.String({ minLength: 2, maxLength: 15, description: 'GS02/GS03, default isaId' })),
          inbound: Type.Optional(
            Type.String({ description: "the target's EDI inbound path or URL, default /edi/inbound" }),
          ),
        },
        { additionalProperties: false, description: 'how the tenant trades by EDI' },
      ),
    ),
    faults: Type.Optional(
      NamedRecord(Name, Type.String({ minLength: 1 }), { description: 'virtual partner → fault profile name' }),
    ),
    features: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.String(), Type.Number()]))),
    expects: Type.Optional(TenantExpectations),
    sandbox: Type.Optional(
      Type.Object(
        {
          seed: Type.String({
            description: 'seed data set of the embedded sandbox (sandbox/seed/<name>.yaml), default: standard',
          }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'a tenant profile' },
);
export type TenantProfile = Static<typeof TenantProfileSchema>;
