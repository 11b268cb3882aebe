import { createHash, randomBytes } from 'node:crypto';
import { Type, type Static } from '../../src/core/typebox.js';
import type { Db } from '../db/database.js';
import { tenantRoutes, type ApiDeps } from '../api/tenant-routes.js';
import { notFound } from '../http/api-error.js';
import { readJson } from '../http/read-body.js';
import type { RequestContext, Router } from '../http/router.js';
import { validateBody } from '../http/validate-body.js';
import { requireAdmin } from './admin-routes.js';

const FlagValueSchema = Type.Union([Type.Boolean(), Type.String(), Type.Number()]);
type FlagValue = Static<typeof FlagValueSchema>;

/**
 * What `GET /api/v1/tenant` answers: the caller's tenant as the ERP is configured for it. Also
 * the OpenAPI component `TenantConfiguration`, so a scenario can say `schema: TenantConfiguration`.
 */
export const TenantConfigurationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  features: Type.Record(Type.String(), FlagValueSchema, {
    description: "derived from the tenant's data (edi, manufacturing, cardPayments), the admin's overrides over them",
  }),
  settings: Type.Record(Type.String(), FlagValueSchema, {
    description: 'currency, and seed when provisioned from one',
  }),
});
export type TenantConfiguration = Static<typeof TenantConfigurationSchema>;

/** The body of `PUT /admin/tenants/:id/features`: a flag's value, or null to drop the admin's override. */
export const FeatureChangesSchema = Type.Object(
  { features: Type.Record(Type.String({ minLength: 1 }), Type.Union([FlagValueSchema, Type.Null()])) },
  { additionalProperties: false },
);

/** What `POST /admin/tenants/:id/rotate-secret` answers: the new secret, handed out this once. */
export const RotatedSecretSchema = Type.Object({
  tenantId: Type.String(),
  clientId: Type.String(),
  clientSecret: Type.String(),
});

/**
 * The tenant's configuration read (`GET /api/v1/tenant`, with the tenant's own credentials) and
 * the admin operations a preflight rehearses against: rotating the API client's secret
 * (`POST /admin/tenants/:id/rotate-secret`) and switching feature flags
 * (`PUT /admin/tenants/:id/features`, `{ features: { name: value | null } }`, null drops an
 * override). Overrides live in the `settings` column of `tenants` as `{ features: {...} }`.
 *
 * @example
 * registerTenantAdminRoutes(router, { db, jobs, defects, adminToken });
 */
export function registerTenantAdminRoutes(router: Router, deps: ApiDeps & { adminToken: string }): void {
  const { db, adminToken } = deps;
  const api = tenantRoutes(router, deps, '/api/v1');
  api('GET', '/tenant', (tenant) => ({ json: tenantConfiguration(db, tenant.tenantId) }));

  router.add('POST', '/admin/tenants/:id/rotate-secret', (ctx) => {
    requireAdmin(ctx, adminToken);
    const id = tenantIdOf(db, ctx);
    const client = db.get<{ id: number; lookup: string }>(
      "SELECT id, lookup FROM credentials WHERE tenant_id = ? AND kind = 'client'",
      [id],
    );
    if (!client) throw notFound(`the API client of tenant ${id}`);
    // As provisioning stores it (credentials.ts): a salted SHA-256, the value handed out once.
    // Tokens issued before stay valid until they expire, as at most identity providers.
    const clientSecret = `cs_${randomBytes(24).toString('base64url')}`;
    const salt = randomBytes(8).toString('hex');
    const secretHash = createHash('sha256').update(`${salt}:${clientSecret}`).digest('hex');
    db.run('UPDATE credentials SET secret_hash = ?, salt = ? WHERE id = ?', [secretHash, salt, client.id]);
    return { json: { tenantId: id, clientId: client.lookup, clientSecret } };
  });

  router.add('PUT', '/admin/tenants/:id/features', async (ctx) => {
    requireAdmin(ctx, adminToken);
    const id = tenantIdOf(db, ctx);
    const changes = validateBody(FeatureChangesSchema, await readJson(ctx.req), 'the feature flags').features;
    const stored = storedSettings(db, id);
    const features = { ...(stored.features ?? {}) };
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete features[name];
      else features[name] = value;
    }
    db.run('UPDATE tenants SET settings = ? WHERE id = ?', [JSON.stringify({ ...stored, features }), id]);
    return { json: tenantConfiguration(db, id) };
  });
}

/**
 * The tenant's configuration: flags the ERP derives from its data — `edi` (it has trading
 * partners or an EDI identity), `manufacturing` (it has BOMs), `cardPayments` (a customer pays
 * by card) — with the admin's overrides over them; settings `currency` and `seed`.
 */
export function tenantConfiguration(db: Db, tenantId: string): TenantConfiguration {
  const row = db.get<{ id: string; name: string; currency: string; seed: string | null; edi: string | null }>(
    'SELECT id, name, currency, seed, edi FROM tenants WHERE id = ?',
    [tenantId],
  );
  if (!row) throw notFound(`tenant ${tenantId}`);
  const count = (sql: string) => db.get<{ n: number }>(sql, [tenantId])?.n ?? 0;
  const derived: Record<string, FlagValue> = {
    edi: row.edi !== null || count('SELECT COUNT(*) AS n FROM trading_partners WHERE tenant_id = ?') > 0,
    manufacturing: count('SELECT COUNT(*) AS n FROM bom_lines WHERE tenant_id = ?') > 0,
    cardPayments: count('SELECT COUNT(*) AS n FROM customers WHERE tenant_id = ? AND payment_token IS NOT NULL') > 0,
  };
  const stored = storedSettings(db, tenantId);
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    features: { ...derived, ...(stored.features ?? {}) },
    settings: { currency: row.currency, ...(row.seed ? { seed: row.seed } : {}) },
  };
}

function storedSettings(db: Db, tenantId: string): { features?: Record<string, FlagValue> } {
  const text = db.get<{ settings: string }>('SELECT settings FROM tenants WHERE id = ?', [tenantId])?.settings;
  try {
    const parsed = JSON.parse(text ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as { features?: Record<string, FlagValue> })
      : {};
  } catch {
    return {};
  }
}

function tenantIdOf(db: Db, ctx: RequestContext): string {
  const id = ctx.params.id ?? '';
  if (!db.get('SELECT 1 AS found FROM tenants WHERE id = ?', [id])) throw notFound(`tenant ${id}`);
  return id;
}
