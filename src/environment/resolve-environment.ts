import { suggestionHint } from '../core/did-you-mean.js';
import { RehearseError } from '../core/errors.js';
import type { AuthConfig, EnvironmentConfig, RehearseConfig } from '../schema/index.js';

/** An environment with every `env:` reference resolved, ready for a run. */
export interface ResolvedEnvironment {
  name: string;
  embedded: 'sandbox' | undefined;
  baseUrl: string | undefined;
  uiUrl: string | undefined;
  virtualUrl: string | undefined;
  allowedHosts: string[];
  production: boolean;
  healthPath: string;
  versionPath: string;
  /** Values readable as `env.NAME` in expressions. */
  exposed: Record<string, string>;
  tenantAuth: Record<string, AuthConfig>;
  tenantIds: Record<string, string>;
  /** The tenants' UI sign-in (secret references), by tenant profile name. */
  tenantUi: Record<string, { username: string; password: string }>;
}

export interface ResolveOptions {
  config: RehearseConfig;
  name?: string;
  baseUrl?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Picks an environment from the config and resolves `env:NAME` values.
 * Throws `RehearseError` (exit 2) for an unknown environment or a missing variable.
 */
export function resolveEnvironment(options: ResolveOptions): ResolvedEnvironment {
  const { config } = options;
  const env = options.env ?? process.env;
  const name = options.name ?? config.defaultEnvironment ?? 'sandbox';
  // Object.hasOwn: `--env constructor` must not find Object.prototype.constructor.
  const declared: EnvironmentConfig | undefined = Object.hasOwn(config.environments, name)
    ? config.environments[name]
    : undefined;
  if (!declared) {
    const names = Object.keys(config.environments);
    throw new RehearseError(
      'REHEARSE_UNKNOWN_ENVIRONMENT',
      `Failed to select environment "${name}": it is not declared in rehearse.config.yaml.`,
      {
        hint: suggestionHint(name, names, 'environment'),
      },
    );
  }
  const fromEnv = (value: string | undefined, what: string): string | undefined => {
    if (value === undefined || !value.startsWith('env:')) return value;
    const variable = value.slice(4);
    const resolved = env[variable];
    if (!resolved) {
      throw new RehearseError(
        'REHEARSE_ENV_VAR_MISSING',
        `Failed to resolve ${what} of environment "${name}": ${variable} is not set.`,
        {
          hint: `Export ${variable} (e.g. ${variable}=https://staging.example.com), or pass --base-url.`,
        },
      );
    }
    return resolved;
  };
  const exposed: Record<string, string> = {};
  for (const variable of declared.expose ?? []) {
    const value = env[variable];
    if (value !== undefined) exposed[variable] = value;
  }
  const tenantAuth: Record<string, AuthConfig> = {};
  const tenantIds: Record<string, string> = {};
  const tenantUi: ResolvedEnvironment['tenantUi'] = {};
  for (const [tenant, override] of Object.entries(declared.tenants ?? {})) {
    if (override.auth) tenantAuth[tenant] = override.auth;
    if (override.tenantId) tenantIds[tenant] = override.tenantId;
    if (override.ui) tenantUi[tenant] = override.ui;
  }
  return {
    name,
    embedded: declared.embedded,
    baseUrl: options.baseUrl ?? fromEnv(declared.baseUrl, 'baseUrl'),
    uiUrl: fromEnv(declared.uiUrl, 'uiUrl'),
    virtualUrl: fromEnv(declared.virtualServices, 'virtualServices'),
    allowedHosts: declared.allowedHosts,
    production: declared.production ?? false,
    healthPath: declared.health ?? '/health',
    versionPath: declared.version ?? '/version',
    exposed,
    tenantAuth,
    tenantIds,
    tenantUi,
  };
}
