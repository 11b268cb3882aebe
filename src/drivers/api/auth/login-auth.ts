import { getPath, keysNear } from '../../../core/json-path.js';
import { RehearseError } from '../../../core/errors.js';
import type { LoginAuthConfig } from '../../../schema/index.js';
import type { AuthProvider } from './auth-provider.js';

/** What the login action's last answer was, or why the action failed before it. */
export type LoginAnswer =
  | { ok: true; status: number; headers: Record<string, string | string[]>; body: unknown }
  | { ok: false; message: string; hint?: string };

/**
 * The token of one tenant's login, kept for as long as the Playwright worker lives (see
 * `tenantSession`): every scenario run of the tenant in that worker reuses it. `inflight` is the
 * login in progress (single flight: runs that need a token at once share one login).
 */
export interface LoginCache {
  token?: string;
  inflight?: Promise<string>;
  /** Logins this cache has run (what a test counts against the target's own count). */
  logins: number;
}

export interface LoginAuthOptions {
  config: Pick<LoginAuthConfig, 'action' | 'token' | 'header' | 'prefix'>;
  /** The tenant, for messages. */
  tenant: string;
  cache: LoginCache;
  /** Runs the login action without the tenant's credentials and returns its last answer. */
  login: () => Promise<LoginAnswer>;
  /** Registers the token as a secret of the scenario run that obtained it. */
  onToken: (token: string) => void;
}

/**
 * Auth type `login`: the token comes from running an action (a form POST, a GraphQL mutation)
 * and reading a body field, a response header or a cookie of its last answer; it is sent as a
 * header (`Authorization: Bearer <token>` by default; `header` and `prefix` change it; a token
 * read from a cookie is sent back as that cookie). The token is cached in `cache` (per tenant and
 * worker) and renewed once after a 401: the request is sent again with a fresh login's token.
 *
 * Errors (thrown from `apply`, so the step that needed the token fails with them):
 * `REHEARSE_LOGIN_FAILED` — the action failed (its status and message, never the credentials,
 * which are secrets of the run) or its answer holds no token where `token` says.
 *
 * @example
 * loginAuth({ config: { action: 'shop.login', token: { from: 'header', name: 'vendure-auth-token' } }, ... })
 */
export function loginAuth(options: LoginAuthOptions): AuthProvider {
  const { config, cache } = options;
  const header = (config.header ?? (config.token.from === 'cookie' ? 'Cookie' : 'Authorization')).toLowerCase();
  const prefix =
    config.prefix ??
    (header === 'authorization' ? 'Bearer ' : config.token.from === 'cookie' ? `${config.token.name}=` : '');

  const login = async (): Promise<string> => {
    cache.logins++;
    const answer = await options.login();
    const token = readToken(answer, options);
    options.onToken(token);
    cache.token = token;
    return token;
  };
  const token = async (): Promise<string> => {
    if (cache.token !== undefined) {
      options.onToken(cache.token);
      return cache.token;
    }
    cache.inflight ??= login().finally(() => (cache.inflight = undefined));
    return cache.inflight;
  };

  return {
    apply: async () => ({ headers: { [header]: `${prefix}${await token()}` } }),
    onUnauthorized: async (rejected) => {
      // Drop the token only if it is the one refused: a late 401 for a token another run has
      // already replaced keeps the new one.
      if (cache.token !== undefined && (rejected[header] ?? '').includes(`${prefix}${cache.token}`))
        cache.token = undefined;
      return true;
    },
  };
}

/** The token in the login's last answer, where `config.token` says; `REHEARSE_LOGIN_FAILED` otherwise. */
function readToken(answer: LoginAnswer, options: LoginAuthOptions): string {
  const { config, tenant } = options;
  const failed = `Failed to log in tenant "${tenant}" with action "${config.action}"`;
  if (!answer.ok)
    throw new RehearseError('REHEARSE_LOGIN_FAILED', `${failed}: ${answer.message.replace(/\.$/, '')}.`, {
      hint:
        answer.hint ??
        'Check the credentials the tenant’s auth passes under "with:" (their env: variables or files) and the login action.',
    });
  const { token } = config;
  let value: unknown;
  let where: string;
  if (token.from === 'body') {
    value = getPath(answer.body, token.path).value;
    where = `the body has no text at "${token.path}"${keysHint(answer.body, token.path)}`;
  } else if (token.from === 'header') {
    const found = Object.entries(answer.headers).find(([name]) => name.toLowerCase() === token.name.toLowerCase());
    value = Array.isArray(found?.[1]) ? found[1][0] : found?.[1];
    where = `the answer has no "${token.name}" header (it has ${Object.keys(answer.headers).join(', ') || 'none'})`;
  } else {
    value = cookieValue(answer.headers['set-cookie'], token.name);
    where = `the answer sets no cookie "${token.name}"`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') value = String(value);
  if (typeof value !== 'string' || value === '')
    throw new RehearseError('REHEARSE_LOGIN_FAILED', `${failed}: it answered ${answer.status}, but ${where}.`, {
      hint: 'Fix "token:" of the tenant’s auth (from: body with a path, from: header or from: cookie with a name) to say where the login answer carries the token.',
    });
  return value;
}

function keysHint(body: unknown, path: string): string {
  const keys = keysNear(body, path);
  return keys.length ? ` (keys there: ${keys.slice(0, 10).join(', ')})` : '';
}

function cookieValue(setCookie: string | string[] | undefined, name: string): string | undefined {
  for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const pair = header.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
