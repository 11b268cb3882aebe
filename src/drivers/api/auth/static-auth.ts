import type { AuthProvider } from './auth-provider.js';

/** `Authorization: Bearer <token>`. */
export function bearerAuth(options: { token: string }): AuthProvider {
  return { apply: async () => ({ headers: { authorization: `Bearer ${options.token}` } }) };
}

/** An API key in a header (default `X-Api-Key`) or a query parameter. */
export function apiKeyAuth(options: { value: string; header?: string; query?: string }): AuthProvider {
  return {
    apply: async () =>
      options.query
        ? { headers: {}, query: { [options.query]: options.value } }
        : { headers: { [(options.header ?? 'X-Api-Key').toLowerCase()]: options.value } },
  };
}

/** HTTP basic auth. */
export function basicAuth(options: { username: string; password: string }): AuthProvider {
  const encoded = Buffer.from(`${options.username}:${options.password}`).toString('base64');
  return { apply: async () => ({ headers: { authorization: `Basic ${encoded}` } }) };
}
