import type { LoginCache } from './auth/login-auth.js';
import type { OAuth2TokenCache } from './auth/oauth2-client-credentials.js';
import { CookieJars } from './cookie-jar.js';

/**
 * What a tenant keeps across its scenario runs in one Playwright worker (a worker is one
 * process, and runs its tests one at a time): the token of a `login` or `oauth2` auth, and the cookie jars
 * when the tenant's cookies are per tenant (`cookies: tenant`).
 */
export interface TenantSession {
  login: LoginCache;
  oauth2: OAuth2TokenCache;
  jars: CookieJars;
}

const sessions = new Map<string, TenantSession>();

/**
 * The worker's session of a tenant, made on first use. `key` names the tenant and everything
 * its session depends on (environment, base URL, auth settings), so a changed auth never
 * reuses a token obtained with another.
 *
 * @example
 * tenantSession(JSON.stringify([environment, baseUrl, tenant, auth])).login.token
 */
export function tenantSession(key: string): TenantSession {
  let session = sessions.get(key);
  if (!session)
    sessions.set(key, (session = { login: { logins: 0 }, oauth2: { requests: 0 }, jars: new CookieJars() }));
  return session;
}
