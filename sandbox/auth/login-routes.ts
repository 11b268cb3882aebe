import type { Db } from '../db/database.js';
import { ApiError } from '../http/api-error.js';
import { readForm } from '../http/read-body.js';
import type { Router } from '../http/router.js';
import { loginUser, presentedToken, revokeToken, SESSION_COOKIE } from './credentials.js';

const DEFAULT_TTL_SECONDS = 3600;

/**
 * The API login of a tenant user, as many real targets offer one beside OAuth2:
 *
 * - `POST /api/auth/login` with `{ tenant, username, password, expiresIn? }` as JSON or a form
 *   (the tenant may come as `X-Tenant-Id` instead) answers `{ token, tokenType, expiresIn, user }`,
 *   the same token in an `X-Auth-Token` header and a `sandbox_session` cookie. The token is
 *   accepted by the API like an OAuth2 access token (as `Authorization: Bearer` or as the cookie);
 *   `expiresIn` (seconds, 0 to 86400) shortens or lengthens its life.
 * - `POST /api/auth/logout` revokes the token the request presents.
 *
 * Every successful login is counted per tenant (`GET /admin/logins`).
 */
export function registerLoginRoutes(router: Router, { db }: { db: Db }): void {
  router.add('POST', '/api/auth/login', async (ctx) => {
    const form = await readForm(ctx.req);
    const header = ctx.req.headers['x-tenant-id'];
    const tenant = form.get('tenant') ?? (typeof header === 'string' ? header : '');
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    if (!tenant || !username || !password)
      throw new ApiError(400, 'VALIDATION_FAILED', 'Failed to log in: send tenant, username and password.');
    const ttlText = form.get('expiresIn');
    const ttl = ttlText === null ? DEFAULT_TTL_SECONDS : Number(ttlText);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 86_400)
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        'Failed to log in: expiresIn must be a whole number of seconds, 0 to 86400.',
      );
    const session = loginUser(db, tenant, username, password, ttl);
    return {
      json: session,
      headers: {
        'x-auth-token': session.token,
        'set-cookie': `${SESSION_COOKIE}=${session.token}; Path=/; Max-Age=${ttl}; HttpOnly; SameSite=Lax`,
        'cache-control': 'no-store',
      },
    };
  });
  router.add('POST', '/api/auth/logout', (ctx) => {
    const presented = presentedToken(ctx.req);
    if (presented === undefined || !revokeToken(db, presented))
      throw new ApiError(401, 'invalid_token', 'Failed to log out: the request presents no known token.');
    return { json: { loggedOut: true }, headers: { 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` } };
  });
}
