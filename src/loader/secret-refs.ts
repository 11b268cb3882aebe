import type { YamlSource } from '../core/yaml-source.js';
import type { AuthConfig, RehearseConfig, TenantProfile } from '../schema/index.js';
import type { Segment } from './check-context.js';
import type { ParsedFile } from './parse-file.js';

/** One secret reference written in a user's file, and where. */
export interface SecretRefSite {
  ref: string;
  source: YamlSource;
  path: Segment[];
  /** The tenant profile whose auth it is. */
  tenant: string;
  /** Set for a reference in an environment's tenant override (rehearse.config.yaml). */
  environment?: string;
}

/**
 * Every secret reference of a project: the `auth` of each tenant profile and of each
 * environment's tenant overrides, and those overrides' `ui:` sign-in (the only places the
 * schemas take `env:` / `file:` refs).
 */
export function collectSecretRefs(
  config: ParsedFile<RehearseConfig> | undefined,
  tenantFiles: readonly ParsedFile<TenantProfile>[],
): SecretRefSite[] {
  const sites: SecretRefSite[] = [];
  const add = (
    auth: AuthConfig | undefined,
    source: YamlSource,
    path: Segment[],
    tenant: string,
    environment?: string,
  ) => {
    const fields: Array<[Segment[], unknown]> = Object.entries(auth ?? {}).map(([field, value]) => [[field], value]);
    // A login's credentials are the parameters it passes to its action.
    if (auth?.type === 'login')
      for (const [name, value] of Object.entries(auth.with ?? {})) fields.push([['with', name], value]);
    for (const [field, value] of fields) {
      if (field[0] === 'type' || typeof value !== 'string') continue;
      if (!value.startsWith('env:') && !value.startsWith('file:')) continue;
      sites.push({ ref: value, source, path: [...path, ...field], tenant, ...(environment ? { environment } : {}) });
    }
  };
  for (const parsed of tenantFiles) {
    add(parsed.value.auth, parsed.source, ['auth'], parsed.value.name);
    for (const [name, value] of Object.entries(parsed.value.headers ?? {}))
      if (value.startsWith('env:') || value.startsWith('file:'))
        sites.push({ ref: value, source: parsed.source, path: ['headers', name], tenant: parsed.value.name });
  }
  if (config?.valid) {
    for (const [environment, declared] of Object.entries(config.value.environments)) {
      for (const [tenant, override] of Object.entries(declared.tenants ?? {})) {
        add(
          override.auth,
          config.source,
          ['environments', environment, 'tenants', tenant, 'auth'],
          tenant,
          environment,
        );
        // The tenant's sign-in for the screens: the ui driver's login action resolves them.
        for (const [field, value] of Object.entries(override.ui ?? {}))
          sites.push({
            ref: value,
            source: config.source,
            path: ['environments', environment, 'tenants', tenant, 'ui', field],
            tenant,
            environment,
          });
      }
    }
  }
  return sites;
}
