import type { AuthConfig } from '../../../schema/index.js';
import type { AuthProvider, TokenFetcher } from './auth-provider.js';
import { oauth2ClientCredentials } from './oauth2-client-credentials.js';
import { apiKeyAuth, basicAuth, bearerAuth } from './static-auth.js';

export interface AuthContext {
  /** Resolves `env:`/`file:` references (and registers the value as a secret). */
  resolveSecret(ref: string): string;
  /** Registers a value the provider derives or obtains at run time (a Basic pair, a token) as a secret. */
  addSecret(value: string): void;
  /** For relative token URLs. */
  baseUrl: string | undefined;
  fetchToken: TokenFetcher;
}

/**
 * Builds an auth provider from a tenant's `auth:` config.
 *
 * @example
 * createAuthProvider({ type: 'bearer', token: 'env:ERP_TOKEN' }, context)
 */
export function createAuthProvider(config: AuthConfig, context: AuthContext): AuthProvider {
  switch (config.type) {
    case 'bearer':
      return bearerAuth({ token: context.resolveSecret(config.token) });
    case 'apiKey':
      return apiKeyAuth({
        value: context.resolveSecret(config.value),
        ...(config.header ? { header: config.header } : {}),
        ...(config.query ? { query: config.query } : {}),
      });
    case 'basic': {
      const username = context.resolveSecret(config.username);
      const password = context.resolveSecret(config.password);
      // The pair is what the header carries (base64 is one of the forms the redactor masks).
      context.addSecret(`${username}:${password}`);
      return basicAuth({ username, password });
    }
    case 'oauth2': {
      const tokenUrl = /^https?:\/\//.test(config.tokenUrl)
        ? config.tokenUrl
        : new URL(config.tokenUrl, context.baseUrl ?? 'http://invalid').toString();
      return oauth2ClientCredentials(
        {
          tokenUrl,
          clientId: context.resolveSecret(config.clientId),
          clientSecret: context.resolveSecret(config.clientSecret),
          ...(config.scope ? { scope: config.scope } : {}),
          ...(config.audience ? { audience: config.audience } : {}),
        },
        context.fetchToken,
        context.addSecret,
      );
    }
  }
}
