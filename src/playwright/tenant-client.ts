import type { Dispatcher } from 'undici';
import { RehearseError } from '../core/errors.js';
import type { Redactor } from '../core/redactor.js';
import { createRng } from '../core/rng.js';
import { resolveSecretRef } from '../core/secret-ref.js';
import { runLoginAction } from '../drivers/api/auth/run-login-action.js';
import {
  createApiClient,
  createAuthProvider,
  CookieJars,
  tenantSession,
  type ApiClient,
} from '../drivers/api/index.js';
import type { EngineContext } from '../engine/context.js';
import { renderDefaultHeaders } from '../engine/default-headers.js';
import { createExpressionScope, renderValue } from '../expression/index.js';
import type { Project } from '../loader/project.js';
import type { CookieMode } from '../schema/index.js';
import type { RunOptions } from './run-options.js';

export interface TenantClientOptions {
  project: Project;
  options: RunOptions;
  /** The tenant profile's name. */
  tenant: string;
  /** The scenario run's redactor: every secret of this tenant is registered with it. */
  redactor: Redactor;
  /** The scenario run's trace id (32 hex characters). */
  traceId: string;
  /** The scenario is tagged prod-safe. */
  prodSafe: boolean;
  /**
   * The engine context a `login` auth runs its action in (the scenario run's), read when the
   * login runs — after the context exists.
   */
  engine: () => EngineContext;
  /**
   * The cookie jars of a `scenario`-mode session, to share one session between two clients
   * (a scenario's steps and its cleanup). Default: new ones. Ignored in `tenant` mode.
   */
  jars?: CookieJars;
  /** Connections shared with other clients (`ApiClientOptions.pool`); default: the client's own. */
  pool?: Dispatcher;
}

export interface TenantClient {
  client: ApiClient;
  /** The jars the client uses (pass them to the next client of the same scenario run). */
  jars: CookieJars;
  /** `off`, `scenario` or `tenant`: tenant profile > environment > project config > `scenario`. */
  cookies: CookieMode;
}

/**
 * The API client of one tenant in one scenario run — everything that makes requests "as" that
 * tenant: its credentials (the environment's override, else the profile's `auth`; a `login`'s
 * token cached per tenant and worker), its cookies (`cookies:` of the profile, else of the
 * environment, else of the project: `off`, `scenario` = jars of this run, `tenant` = the
 * tenant's jars in this worker), and its default headers (the environment's `headers:`, then
 * the profile's over them; a request's own win over both). Secret references are resolved and
 * registered with `redactor`, so is every cookie value a shared jar already holds.
 *
 * Errors: `REHEARSE_SECRET_MISSING`, `REHEARSE_SECRET_OUTSIDE_PROJECT` (a reference), an
 * expression error in a header template.
 *
 * @example
 * const { client } = createTenantClient({ project, options, tenant: 'standard', redactor, traceId, prodSafe: false, engine: () => engine });
 */
export function createTenantClient(o: TenantClientOptions): TenantClient {
  const { project, options, tenant, redactor } = o;
  const profile = project.tenants.get(tenant)!.profile;
  const environment = Object.hasOwn(project.config.environments, options.environment)
    ? project.config.environments[options.environment]
    : undefined;
  const authConfig = options.tenantAuth[tenant] ?? profile.auth;
  const resolveSecret = (ref: string) => {
    const value = resolveSecretRef(ref, { baseDir: project.root, secretDirs: project.config.secretDirs });
    redactor.addSecret(value);
    return value;
  };
  const session = tenantSession(
    JSON.stringify([options.environment, options.baseUrl ?? '', tenant, authConfig ?? null]),
  );
  const cookies: CookieMode = profile.cookies ?? environment?.cookies ?? project.config.cookies ?? 'scenario';
  const jars = cookies === 'tenant' ? session.jars : (o.jars ?? new CookieJars());
  // A shared jar holds cookies an earlier run received: this run's outputs must mask them too.
  for (const value of jars.values()) redactor.addSecret(value);

  const tenantId = options.tenantIds[tenant] ?? profile.tenantId ?? profile.name;
  const expressions = createExpressionScope({
    locals: () => ({}),
    tenant: { ...profile, tenantId },
    env: options.exposedEnv,
    run: { id: options.runId, seed: options.seed, startedAt: options.startedAt, tenant, traceId: o.traceId },
    rng: createRng(`${options.seed}/headers/${tenant}`),
    now: () => new Date(),
  });
  const defaultHeaders = renderDefaultHeaders(
    { ...lowerCasedKeys(environment?.headers), ...lowerCasedKeys(profile.headers) },
    { project, redactor, render: (template) => renderValue(template, expressions) },
  );

  const client = createApiClient({
    redactor,
    traceId: o.traceId,
    allowedHosts: options.allowedHosts,
    production: options.production,
    prodSafe: o.prodSafe,
    defaultHeaders,
    jars,
    ...(cookies === 'off' ? { cookies: 'off' as const } : {}),
    auth: authConfig
      ? (self) =>
          createAuthProvider(authConfig, {
            resolveSecret,
            addSecret: (value) => redactor.addSecret(value),
            baseUrl: options.baseUrl,
            fetchToken: async ({ url, form }) => {
              const result = await self.send({ method: 'POST', url, body: { form }, noAuth: true, tokenRequest: true });
              if (!result.ok)
                throw new RehearseError(result.error.code, `Failed to get an OAuth2 token: ${result.error.message}`, {
                  hint: result.error.hint ?? '',
                });
              return { status: result.response.status, json: result.response.json };
            },
            oauth2Cache: session.oauth2,
            login: {
              tenant,
              cache: session.login,
              // The login's own requests carry no credentials and keep their cookies to themselves:
              // the token is shared by the tenant's runs, a session cookie of one run must not be.
              run: (action, args) =>
                runLoginAction(
                  // As this tenant, whichever tenant the scenario run is for (a step `as:` another).
                  {
                    ...o.engine(),
                    tenant: { ...profile, tenantId },
                    transport: self.scoped({ noAuth: true, ownJars: true }),
                  },
                  action,
                  args,
                ),
            },
          })
      : undefined,
    retries: { count: options.networkRetries, backoffMs: 100 },
    ...(options.driverTimeouts ? { timeouts: options.driverTimeouts } : {}),
    ...(o.pool ? { pool: o.pool } : {}),
  });
  return { client, jars, cookies };
}

function lowerCasedKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
