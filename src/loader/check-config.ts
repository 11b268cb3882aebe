import { formatPath } from '../core/diagnostic.js';
import { isHostAllowed } from '../core/egress.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { suggestionHint } from '../core/did-you-mean.js';
import type { RehearseConfig } from '../schema/index.js';
import type { ParsedFile } from './parse-file.js';

/**
 * What rehearse.config.yaml must say whichever environment is selected: `defaultEnvironment`
 * is declared, each environment has a target (`baseUrl` or `embedded`), a literal `baseUrl`
 * or `uiUrl` — or, for an embedded environment, 127.0.0.1 — is inside the environment's own
 * `allowedHosts` (`REHEARSE_HOST_NOT_ALLOWED`: every request to it would be refused), and
 * tenant overrides name tenant profiles.
 * `tenantNames` is undefined when a profile failed to load (then names are not checked).
 */
export function checkConfig(
  parsed: ParsedFile<RehearseConfig>,
  tenantNames: readonly string[] | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const config = parsed.value;
  const at = (path: Array<string | number>, key = false) => ({
    ...parsed.source.locate(path, { key }),
    path: formatPath(path),
  });
  const names = Object.keys(config.environments);
  if (config.defaultEnvironment && !Object.hasOwn(config.environments, config.defaultEnvironment)) {
    out.push({
      code: 'REHEARSE_UNKNOWN_ENVIRONMENT',
      message: `defaultEnvironment "${config.defaultEnvironment}" is not declared.`,
      ...at(['defaultEnvironment']),
      expected: `one of ${names.join(', ')}`,
      hint: suggestionHint(config.defaultEnvironment, names, 'environment'),
    });
  }
  for (const [name, env] of Object.entries(config.environments)) {
    if (!env.embedded && !env.baseUrl) {
      out.push({
        code: 'REHEARSE_MISSING_KEY',
        message: `Environment "${name}" has neither "baseUrl" nor "embedded".`,
        ...at(['environments', name]),
        expected: 'baseUrl: https://... (or env:NAME), or embedded: sandbox',
        hint: 'Add "baseUrl: env:STAGING_BASE_URL" and export that variable before running.',
      });
    }
    if (env.embedded && !isHostAllowed(EMBEDDED_URL, env.allowedHosts)) {
      out.push({
        code: 'REHEARSE_HOST_NOT_ALLOWED',
        message: `Environment "${name}" starts the embedded ${env.embedded} on 127.0.0.1, which its allowedHosts (${env.allowedHosts.join(', ')}) do not include: every request to it would be refused.`,
        ...at(['environments', name, 'allowedHosts']),
        expected: 'allowedHosts that include 127.0.0.1',
        hint: `Add 127.0.0.1 to environments.${name}.allowedHosts.`,
      });
    }
    for (const key of ['baseUrl', 'uiUrl'] as const) {
      const url = env[key];
      if (url === undefined || url.startsWith('env:')) continue;
      const problem = urlOutsideHosts(url, env.allowedHosts);
      if (problem) out.push({ ...problem(name, key), ...at(['environments', name, key]) });
    }
    if (tenantNames === undefined) continue;
    for (const tenant of Object.keys(env.tenants ?? {})) {
      if (tenantNames.includes(tenant)) continue;
      out.push({
        code: 'REHEARSE_UNKNOWN_TENANT',
        message: `Environment "${name}" overrides tenant profile "${tenant}", which does not exist.`,
        ...at(['environments', name, 'tenants', tenant], true),
        expected: tenantNames.length ? `one of ${tenantNames.join(', ')}` : 'a profile from tenant-profiles/*.yaml',
        hint: suggestionHint(tenant, tenantNames, 'tenant profile'),
      });
    }
  }
  return out;
}

/** Where the embedded sandbox listens (`startSandbox`'s default host). */
const EMBEDDED_URL = 'http://127.0.0.1/';

type UrlProblem = (environment: string, key: string) => Omit<Diagnostic, 'file' | 'line' | 'column'>;

/**
 * Why `url` cannot be an environment's target under `allowedHosts`, or undefined when it can.
 * Shared with the check of the selected environment, whose `env:` URLs are known only then.
 */
export function urlOutsideHosts(url: string, allowedHosts: readonly string[]): UrlProblem | undefined {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return (environment, key) => ({
      code: 'REHEARSE_INVALID_FORMAT',
      message: `The ${key} of environment "${environment}" is not a URL.`,
      expected: 'an absolute http(s) URL such as https://staging.example.com',
    });
  }
  if (isHostAllowed(url, allowedHosts)) return undefined;
  return (environment, key) => ({
    code: 'REHEARSE_HOST_NOT_ALLOWED',
    message: `The ${key} of environment "${environment}" is on ${host}, which its allowedHosts (${allowedHosts.join(', ')}) do not include: every request to it would be refused.`,
    expected: `a host covered by environments.${environment}.allowedHosts`,
    hint: `Add "${host}" to environments.${environment}.allowedHosts if it really is the target, or fix the URL.`,
  });
}
