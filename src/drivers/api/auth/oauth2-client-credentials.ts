import { RehearseError } from '../../../core/errors.js';
import type { AuthProvider, TokenFetcher } from './auth-provider.js';

export interface OAuth2Options {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  audience?: string;
  /** Refresh this long before expiry. */
  skewMs?: number;
  now?: () => number;
}

/**
 * OAuth2 client credentials with a token cache: one token request however
 * many requests need a token at once (single flight), a refresh shortly before
 * `expires_in` runs out, and a fresh token after a 401.
 */
export function oauth2ClientCredentials(
  options: OAuth2Options,
  fetchToken: TokenFetcher,
  onToken: (token: string) => void,
): AuthProvider {
  const now = options.now ?? Date.now;
  const skew = options.skewMs ?? 30_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const request = async (): Promise<string> => {
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
      throw new RehearseError(
        'REHEARSE_AUTH_FAILED',
        `Failed to get an OAuth2 token from ${options.tokenUrl}: the server answered ${response.status}.`,
        {
          hint: 'Check the tenant’s clientId/clientSecret references and the tokenUrl.',
        },
      );
    }
    onToken(body.access_token);
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 3_600_000;
    cached = { token: body.access_token, expiresAt: now() + lifetime };
    return body.access_token;
  };

  const token = async (): Promise<string> => {
    if (cached && now() < cached.expiresAt - skew) return cached.token;
    inflight ??= request().finally(() => (inflight = undefined));
    return inflight;
  };

  return {
    apply: async () => ({ headers: { authorization: `Bearer ${await token()}` } }),
    onUnauthorized: async (rejected) => {
      // Drop the token only if it is the one refused: a late 401 for a token
      // that a concurrent request has already replaced keeps the new one.
      if (cached && rejected.authorization === `Bearer ${cached.token}`) cached = undefined;
      return true;
    },
  };
}
