import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/database.js';
import { ApiError } from '../http/api-error.js';

const TOKEN_TTL_SECONDS = 3600;

const hash = (secret: string, salt: string) => createHash('sha256').update(`${salt}:${secret}`).digest('hex');
const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

export interface IssuedCredentials {
  clientId: string;
  clientSecret: string;
  apiKey: string;
  users: Array<{ username: string; password: string; role: string }>;
}

/** Creates fresh credentials for a tenant; only hashes are stored, the values are returned once. */
export function issueCredentials(
  db: Db,
  tenantId: string,
  users: ReadonlyArray<{ username: string; role: string }>,
): IssuedCredentials {
  const store = (kind: string, lookup: string, name: string, secret: string, role: string | null) => {
    const salt = randomBytes(8).toString('hex');
    db.run(
      'INSERT INTO credentials (tenant_id, kind, lookup, name, secret_hash, salt, role) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [tenantId, kind, lookup, name, hash(secret, salt), salt, role],
    );
  };
  const clientId = `${tenantId}-${randomBytes(4).toString('hex')}`;
  const clientSecret = token('cs');
  store('client', clientId, 'api client', clientSecret, null);
  const apiKey = token('ak');
  store('apikey', apiKey.slice(0, 12), 'api key', apiKey, null);
  const issuedUsers = users.map((user) => {
    const password = randomBytes(9).toString('base64url');
    store('user', `${tenantId}/${user.username}`, user.username, password, user.role);
    return { username: user.username, password, role: user.role };
  });
  return { clientId, clientSecret, apiKey, users: issuedUsers };
}

function verify(db: Db, kind: string, lookup: string, secret: string) {
  const row = db.get<{ id: number; tenant_id: string; secret_hash: string; salt: string; name: string }>(
    'SELECT id, tenant_id, secret_hash, salt, name FROM credentials WHERE kind = ? AND lookup = ?',
    [kind, lookup],
  );
  if (!row) return undefined;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const actual = Buffer.from(hash(secret, row.salt), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? row : undefined;
}

/** OAuth2 client credentials: a bearer token valid for an hour. */
export function exchangeClientCredentials(db: Db, clientId: string, clientSecret: string) {
  const row = verify(db, 'client', clientId, clientSecret);
  if (!row) throw new ApiError(401, 'invalid_client', 'Failed to authenticate the client: unknown id or wrong secret.');
  const accessToken = token('at');
  db.run('INSERT INTO access_tokens (token_hash, tenant_id, credential_id, expires_at) VALUES (?, ?, ?, ?)', [
    hash(accessToken, 'token'),
    row.tenant_id,
    row.id,
    Date.now() + TOKEN_TTL_SECONDS * 1000,
  ]);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_SECONDS };
}

/** Checks a tenant user's password (UI login). */
export function verifyUser(db: Db, tenantId: string, username: string, password: string) {
  return verify(db, 'user', `${tenantId}/${username}`, password);
}

/** The cookie `POST /api/auth/login` sets: the same token as the body's `token`, for clients that keep sessions in a jar. */
export const SESSION_COOKIE = 'sandbox_session';

/**
 * A tenant user's API login (`POST /api/auth/login`): a bearer token like an OAuth2 one, valid
 * for `ttlSeconds` (0: already expired, for rehearsing a target that refuses every token it
 * hands out), counted per tenant in `counters` (`api-logins`). Unknown user or wrong password: 401,
 * counted as `api-logins-refused` when the tenant exists.
 */
export function loginUser(db: Db, tenantId: string, username: string, password: string, ttlSeconds: number) {
  const row = verifyUser(db, tenantId, username, password);
  if (!row) {
    // Counted so a test can see how often a client retries refused credentials (what a lockout counts).
    if (db.get('SELECT 1 AS found FROM tenants WHERE id = ?', [tenantId]))
      db.run(
        "INSERT INTO counters (tenant_id, name, value) VALUES (?, 'api-logins-refused', 1) ON CONFLICT (tenant_id, name) DO UPDATE SET value = value + 1",
        [tenantId],
      );
    throw new ApiError(401, 'invalid_credentials', 'Failed to log in: unknown user or wrong password.');
  }
  const accessToken = token('lt');
  db.transaction(() => {
    db.run('INSERT INTO access_tokens (token_hash, tenant_id, credential_id, expires_at) VALUES (?, ?, ?, ?)', [
      hash(accessToken, 'token'),
      row.tenant_id,
      row.id,
      Date.now() + ttlSeconds * 1000,
    ]);
    db.run(
      "INSERT INTO counters (tenant_id, name, value) VALUES (?, 'api-logins', 1) ON CONFLICT (tenant_id, name) DO UPDATE SET value = value + 1",
      [row.tenant_id],
    );
  });
  return { token: accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds, user: row.name };
}

/**
 * How many logins each tenant has had: `api-logins` (`POST /api/auth/login` answered 200),
 * `api-logins-refused` (it answered 401) or `ui-logins` (a sign-in on the screens' `POST /login`
 * that made a session).
 */
export function loginCounts(
  db: Db,
  counter: 'api-logins' | 'api-logins-refused' | 'ui-logins' = 'api-logins',
): Record<string, number> {
  const rows = db.all<{ tenant_id: string; value: number }>(
    'SELECT tenant_id, value FROM counters WHERE name = ? ORDER BY tenant_id',
    [counter],
  );
  return Object.fromEntries(rows.map((r) => [r.tenant_id, r.value]));
}

/** Revokes an access token (logout); true when it existed. */
export function revokeToken(db: Db, accessToken: string): boolean {
  const key = hash(accessToken, 'token');
  const existed = db.get('SELECT 1 AS found FROM access_tokens WHERE token_hash = ?', [key]) !== undefined;
  db.run('DELETE FROM access_tokens WHERE token_hash = ?', [key]);
  return existed;
}

/** The access token a request presents: `Authorization: Bearer …`, else the session cookie. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const authorization = String(req.headers.authorization ?? '');
  if (authorization.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  for (const pair of String(req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** The tenant a request acts for: a bearer token (or the login's session cookie) or an X-Api-Key; 401 otherwise. */
export function authenticate(db: Db, req: IncomingMessage): string {
  const presented = presentedToken(req);
  if (presented !== undefined) {
    const row = db.get<{ tenant_id: string; expires_at: number }>(
      'SELECT tenant_id, expires_at FROM access_tokens WHERE token_hash = ?',
      [hash(presented, 'token')],
    );
    if (row && row.expires_at > Date.now()) return row.tenant_id;
    throw new ApiError(401, 'invalid_token', 'Failed to authenticate: the access token is unknown or expired.', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 12) {
    const row = verify(db, 'apikey', apiKey.slice(0, 12), apiKey);
    if (row) return row.tenant_id;
  }
  throw new ApiError(401, 'unauthenticated', 'Failed to authenticate: send a bearer token or an X-Api-Key header.', {
    headers: { 'www-authenticate': 'Bearer' },
  });
}
