import { RehearseError } from '../../../core/errors.js';
import { SECRET_REF_PATTERN } from '../../../core/secret-ref.js';
import type { AuthConfig } from '../../../schema/index.js';
import type { AuthProvider, TokenFetcher } from './auth-provider.js';
import { loginAuth, type LoginAnswer, type LoginCache } from './login-auth.js';
import { oauth2ClientCredentials, type OAuth2TokenCache } from './oauth2-client-credentials.js';
import { apiKeyAuth, basicAuth, bearerAuth } from './static-auth.js';

export interface AuthContext {
  /** Resolves `env:`/`file:` references (and registers the value as a secret). */
  resolveSecret(ref: string): string;
  /** Registers a value the provider derives or obtains at run time (a Basic pair, a token) as a secret. */
  addSecret(value: string): void;
  /** For relative token URLs. */
  baseUrl: string | undefined;
  fetchToken: TokenFetcher;
  /** For `type: oauth2`: the tenant's token cache (per tenant and worker); absent, the provider keeps its own. */
  oauth2Cache?: OAuth2TokenCache;
  /** For `type: login`: the tenant, its token cache (per tenant and worker) and how to run an action. */
  login?: {
    tenant: string;
    cache: LoginCache;
    run(action: string, args: Record<string, unknown>): Promise<LoginAnswer>;
  };
}

const SECRET_REF = new RegExp(SECRET_REF_PATTERN);

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
        context.oauth2Cache,
      );
    }
    case 'login': {
      const login = context.login;
      if (!login)
        throw new RehearseError(
          'REHEARSE_INTERNAL',
          'Internal error in Rehearse: a login auth without an action runner.',
        );
      // Resolved now, for every scenario run: each run's redactor knows the credentials, even
      // when the login itself ran in an earlier run and its token is reused.
      const args: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(config.with ?? {}))
        args[name] = typeof value === 'string' && SECRET_REF.test(value) ? context.resolveSecret(value) : value;
      return loginAuth({
        config,
        tenant: login.tenant,
        cache: login.cache,
        login: () => login.run(config.action, args),
        onToken: context.addSecret,
      });
    }
  }
}
