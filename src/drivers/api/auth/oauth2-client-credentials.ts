import { RehearseError } from '../../../core/errors.js';
import type { AuthProvider, TokenFetcher } from './auth-provider.js';

export interface OAuth2Options {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  audience?: string;
  /**
   * Refresh at most this long before expiry (default 30 s); a token that lives less than ten
   * times that is refreshed when 90% of its life has passed (`refreshMarginMs`).
   */
  skewMs?: number;
  now?: () => number;
}

/**
 * The token of one tenant's client credentials, kept for as long as the Playwright worker lives
 * (see `tenantSession`): every scenario run of the tenant in that worker reuses it until it is due
 * for a refresh. `inflight`: the token request in progress (single flight).
 */
export interface OAuth2TokenCache {
  cached?: { token: string; expiresAt: number; refreshAt: number };
  inflight?: Promise<string>;
  /** Token requests this cache has sent (what a test counts against the server's own count). */
  requests: number;
}

/** What a token endpoint's error says, as RFC 6749 §5.2 defines it (`invalid_client`, ...). */
export interface OAuth2ErrorAnswer {
  error: string;
  description?: string;
}

/**
 * The error of a token endpoint's answer: RFC 6749 §5.2's `{ error, error_description }`, or the
 * `{ error: { code, message } }` many APIs answer instead. The description is cut at 200 characters.
 */
export function oauth2ErrorOf(json: unknown): OAuth2ErrorAnswer | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const { error, error_description: description } = json as { error?: unknown; error_description?: unknown };
  const nested = error && typeof error === 'object' ? (error as { code?: unknown; message?: unknown }) : undefined;
  const code = typeof error === 'string' ? error : typeof nested?.code === 'string' ? nested.code : undefined;
  if (!code) return undefined;
  const text =
    typeof description === 'string' ? description : typeof nested?.message === 'string' ? nested.message : '';
  return { error: code.slice(0, 80), ...(text ? { description: text.slice(0, 200) } : {}) };
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4) with a token cache: one token request however
 * many requests need a token at once (single flight), a refresh shortly before
 * `expires_in` runs out (`refreshMarginMs`: a margin that scales with the token's lifetime, so a
 * token that lives seconds is still reused), and a fresh token after a 401. `cache`: shared by
 * the tenant's scenario runs in a worker (default: this provider's own); a run that reuses a token
 * another run obtained registers it with `onToken` too, so its own records mask it.
 */
export function oauth2ClientCredentials(
  options: OAuth2Options,
  fetchToken: TokenFetcher,
  onToken: (token: string) => void,
  cache: OAuth2TokenCache = { requests: 0 },
): AuthProvider {
  const now = options.now ?? Date.now;
  const skew = options.skewMs ?? 30_000;

  const request = async (): Promise<string> => {
    cache.requests++;
    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    };
    if (options.scope) form.scope = options.scope;
    if (options.audience) form.audience = options.audience;
    const response = await fetchToken({ url: options.tokenUrl, form });
    const body = (response.json ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (response.status !== 200 || typeof body.access_token !== 'string') {
      const said = oauth2ErrorOf(response.json);
      const why = said ? ` ${said.error}${said.description ? `: ${said.description.replace(/\.$/, '')}` : ''}` : '';
      throw new RehearseError(
        'REHEARSE_AUTH_FAILED',
        `Failed to get an OAuth2 token from ${options.tokenUrl}: the server answered ${response.status}${why}.`,
        {
          hint: 'Check the tenant’s clientId/clientSecret references and the tokenUrl.',
          cause: { status: response.status, ...said },
        },
      );
    }
    const lifetime = lifetimeMs(body.expires_in);
    cache.cached = {
      token: body.access_token,
      expiresAt: now() + lifetime,
      refreshAt: now() + lifetime - refreshMarginMs(lifetime, skew),
    };
    return body.access_token;
  };

  const token = async (): Promise<string> => {
    const cached = cache.cached;
    const token =
      cached && now() < cached.refreshAt
        ? cached.token
        : await (cache.inflight ??= request().finally(() => (cache.inflight = undefined)));
    onToken(token);
    return token;
  };

  return {
    apply: async () => ({ headers: { authorization: `Bearer ${await token()}` } }),
    onUnauthorized: async (rejected) => {
      // Drop the token only if it is the one refused: a late 401 for a token
      // that a concurrent request has already replaced keeps the new one.
      if (cache.cached && rejected.authorization === `Bearer ${cache.cached.token}`) cache.cached = undefined;
      return true;
    },
  };
}

/**
 * How long before a token expires it is refreshed, ms: a tenth of its lifetime, at most `skewMs`
 * (30 s by default). A one-hour token is refreshed 30 s early, a 60 s token 6 s early, a 3 s
 * token 300 ms early — never fetched again before each request because its whole life is
 * shorter than a fixed margin. The 10% covers the clock skew and a request's time in flight; a
 * token that expires in flight anyway is replaced once on the 401.
 *
 * @example
 * refreshMarginMs(3_000, 30_000) // 300
 */
export function refreshMarginMs(lifetimeMs: number, skewMs: number): number {
  return Math.max(0, Math.min(skewMs, lifetimeMs / 10));
}

/** `expires_in` (seconds, RFC 6749 §5.1; some servers send it as a string) in ms; one hour when absent. */
function lifetimeMs(expiresIn: unknown): number {
  const seconds = typeof expiresIn === 'string' && expiresIn.trim() !== '' ? Number(expiresIn) : expiresIn;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 3_600_000;
}
