export { createApiClient } from './api-client.js';
export type { ApiClient, ApiClientOptions } from './api-client.js';
export { createAuthProvider } from './auth/create-auth-provider.js';
export type { AuthContext } from './auth/create-auth-provider.js';
export type { AuthProvider, TokenFetcher } from './auth/auth-provider.js';
export { bearerAuth, apiKeyAuth, basicAuth } from './auth/static-auth.js';
export { oauth2ClientCredentials } from './auth/oauth2-client-credentials.js';
export { CookieJar } from './cookie-jar.js';
export { newTraceId, traceparent } from './traceparent.js';
