import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/database.js';

/** A signed-in user of the screens. */
export interface Session {
  tenantId: string;
  tenantName: string;
  username: string;
  csrf: string;
}

export const SESSION_COOKIE = 'sandbox_session';
/** Double-submit token of the login form, which has no session yet. */
export const LOGIN_COOKIE = 'sandbox_login';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/** The request's cookies (the first value of each name wins). */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value: it will not match anything
    }
    cookies.set(name, value);
  }
  return cookies;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, the whole site. `maxAgeSeconds: 0` clears it. */
export function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

/** Constant-time string comparison (false for different lengths). */
export function sameToken(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Stores a new session (only the hash of its id), counts the sign-in (`ui-logins`) and returns the id for the cookie. */
export function createSession(
  db: Db,
  user: { credentialId: number; tenantId: string; username: string },
): { id: string; csrf: string } {
  const id = randomToken();
  const csrf = randomToken();
  const now = Date.now();
  db.transaction(() => {
    db.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
    db.run(
      'INSERT INTO sessions (id_hash, tenant_id, credential_id, username, csrf, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      [sha256(id), user.tenantId, user.credentialId, user.username, csrf, now + SESSION_TTL_MS],
    );
    db.run(
      "INSERT INTO counters (tenant_id, name, value) VALUES (?, 'ui-logins', 1) ON CONFLICT (tenant_id, name) DO UPDATE SET value = value + 1",
      [user.tenantId],
    );
  });
  return { id, csrf };
}

/** The session of the request's cookie, if it exists and has not expired. */
export function findSession(db: Db, req: IncomingMessage): Session | undefined {
  const id = readCookies(req).get(SESSION_COOKIE);
  if (!id) return undefined;
  const row = db.get<{ tenant_id: string; name: string; username: string; csrf: string; expires_at: number }>(
    `SELECT s.tenant_id, t.name, s.username, s.csrf, s.expires_at FROM sessions s JOIN tenants t ON t.id = s.tenant_id
     WHERE s.id_hash = ?`,
    [sha256(id)],
  );
  if (!row) return undefined;
  if (row.expires_at <= Date.now()) {
    db.run('DELETE FROM sessions WHERE id_hash = ?', [sha256(id)]);
    return undefined;
  }
  return { tenantId: row.tenant_id, tenantName: row.name, username: row.username, csrf: row.csrf };
}

/** Ends the request's session (if any). */
export function destroySession(db: Db, req: IncomingMessage): void {
  const id = readCookies(req).get(SESSION_COOKIE);
  if (id) db.run('DELETE FROM sessions WHERE id_hash = ?', [sha256(id)]);
}

export const newLoginToken = randomToken;
