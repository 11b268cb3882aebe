import { timingSafeEqual } from 'node:crypto';
import { exchangeClientCredentials, loginCounts } from '../auth/credentials.js';
import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import { ApiError } from '../http/api-error.js';
import { readForm, readJson } from '../http/read-body.js';
import type { RequestContext, Router } from '../http/router.js';
import { validateBody } from '../http/validate-body.js';
import { ProvisionRequestSchema } from '../seed/seed-schema.js';
import { provisionTenant } from './provision-tenant.js';

interface Deps {
  db: Db;
  defects: Defects;
  adminToken: string;
}

/** Throws `ApiError` 401 `unauthenticated` unless the request carries the admin token as its bearer token. */
export function requireAdmin(ctx: RequestContext, adminToken: string): void {
  const given = Buffer.from(String(ctx.req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(adminToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new ApiError(401, 'unauthenticated', 'Failed to authenticate: the admin API needs the admin token.');
}

/** Tenant provisioning, reset and defects (admin token), and the OAuth2 token endpoint (tenant clients). */
export function registerAdminRoutes(router: Router, { db, defects, adminToken }: Deps): void {
  router.add('POST', '/admin/tenants', async (ctx) => {
    requireAdmin(ctx, adminToken);
    const request = validateBody(ProvisionRequestSchema, await readJson(ctx.req), 'the tenant');
    return { status: 201, json: provisionTenant(db, request) };
  });
  router.add('GET', '/admin/tenants', (ctx) => {
    requireAdmin(ctx, adminToken);
    return {
      json: { tenants: db.all('SELECT id, name, currency, seed, created_at AS createdAt FROM tenants ORDER BY id') },
    };
  });
  router.add('POST', '/admin/reset', (ctx) => {
    requireAdmin(ctx, adminToken);
    db.transaction(() => db.run('DELETE FROM tenants'));
    return { json: { reset: true } };
  });
  router.add('GET', '/admin/logins', (ctx) => {
    requireAdmin(ctx, adminToken);
    return {
      json: {
        logins: loginCounts(db),
        refusedLogins: loginCounts(db, 'api-logins-refused'),
        uiLogins: loginCounts(db, 'ui-logins'),
      },
    };
  });
  // Rehearses a session that ran out at the target: every screen session of the tenant ends now.
  router.add('POST', '/admin/ui-sessions/expire', async (ctx) => {
    requireAdmin(ctx, adminToken);
    const body = (await readJson(ctx.req)) as { tenant?: unknown };
    if (typeof body.tenant !== 'string')
      throw new ApiError(422, 'VALIDATION_FAILED', 'Failed to expire sessions: send { "tenant": "<id>" }.');
    const expired =
      db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE tenant_id = ?', [body.tenant])?.n ?? 0;
    db.run('UPDATE sessions SET expires_at = 0 WHERE tenant_id = ?', [body.tenant]);
    return { json: { expired } };
  });
  router.add('GET', '/admin/defects', (ctx) => {
    requireAdmin(ctx, adminToken);
    return { json: { defects: defects.list() } };
  });
  router.add('PUT', '/admin/defects', async (ctx) => {
    requireAdmin(ctx, adminToken);
    const body = (await readJson(ctx.req)) as { defects?: unknown };
    if (!Array.isArray(body.defects) || body.defects.some((d) => typeof d !== 'string'))
      throw new ApiError(422, 'VALIDATION_FAILED', 'Failed to set defects: send { "defects": ["oversell", ...] }.');
    try {
      defects.set(body.defects as string[]);
    } catch (error) {
      throw new ApiError(422, 'UNKNOWN_DEFECT', (error as Error).message);
    }
    return { json: { defects: defects.list() } };
  });

  router.add('POST', '/oauth/token', async (ctx) => {
    const form = await readForm(ctx.req);
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(String(ctx.req.headers.authorization ?? ''));
    if (basic) {
      const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id);
      clientSecret = decodeURIComponent(secret);
    }
    if (form.get('grant_type') !== 'client_credentials')
      throw new ApiError(
        400,
        'unsupported_grant_type',
        'Failed to issue a token: only grant_type=client_credentials is supported.',
      );
    return { json: exchangeClientCredentials(db, clientId, clientSecret), headers: { 'cache-control': 'no-store' } };
  });
}
