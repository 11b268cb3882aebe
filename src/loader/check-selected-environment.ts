import { formatPath } from '../core/diagnostic.js';
import { statSync } from 'node:fs';
import type { Diagnostic } from '../core/diagnostic.js';
import { locateSecretFile } from '../core/secret-ref.js';
import type { RehearseConfig } from '../schema/index.js';
import { urlOutsideHosts } from './check-config.js';
import type { ParsedFile } from './parse-file.js';
import type { SecretRefSite } from './secret-refs.js';

export interface SelectedEnvironmentOptions {
  config: ParsedFile<RehearseConfig>;
  /** The environment `run --env` (or `defaultEnvironment`) selects; it is declared. */
  name: string;
  env: NodeJS.ProcessEnv;
  /** `--base-url`: replaces the environment's `baseUrl` (and the embedded sandbox). */
  baseUrl?: string;
  /** `--tenant`: only these tenants' credentials are needed (default: every profile). */
  tenants?: readonly string[];
  allTenants: readonly string[];
  secrets: readonly SecretRefSite[];
  root: string;
  secretDirs?: readonly string[];
}

/**
 * What the selected environment needs from the machine it runs on, checked before anything
 * starts so that `validate --env X` and `run --env X` agree: every `env:NAME` of its
 * `baseUrl`, `uiUrl` and `virtualServices` is set (`REHEARSE_ENV_VAR_MISSING`), a URL read
 * from the environment is inside `allowedHosts` (`REHEARSE_HOST_NOT_ALLOWED`), and — when the
 * run uses the tenants' own credentials (no embedded sandbox, or `--base-url`) — every
 * secret reference of a selected tenant resolves (`REHEARSE_SECRET_MISSING`). Each problem
 * points at the reference in the file that holds it.
 */
export function checkSelectedEnvironment(options: SelectedEnvironmentOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { config, name, env } = options;
  if (!Object.hasOwn(config.value.environments, name)) return out;
  const declared = config.value.environments[name]!;
  const at = (path: Array<string | number>) => ({ ...config.source.locate(path), path: formatPath(path) });
  for (const key of ['baseUrl', 'uiUrl', 'virtualServices'] as const) {
    const value = declared[key];
    if (value === undefined || !value.startsWith('env:')) continue;
    if (key === 'baseUrl' && options.baseUrl !== undefined) continue;
    const variable = value.slice(4);
    const resolved = env[variable];
    const where = at(['environments', name, key]);
    if (!resolved) {
      out.push({
        code: 'REHEARSE_ENV_VAR_MISSING',
        message: `Failed to resolve the ${key} of environment "${name}": ${variable} is not set.`,
        ...where,
        expected: `the environment variable ${variable}, set to a URL`,
        hint: `Run \`export ${variable}=https://…\` first (in CI: the job's variables)${key === 'baseUrl' ? ', or pass --base-url' : ''}.`,
      });
      continue;
    }
    if (key === 'virtualServices') continue;
    const problem = urlOutsideHosts(resolved, declared.allowedHosts);
    if (problem) {
      const found = problem(name, key);
      out.push({ ...found, message: `${found.message} (${variable}=${resolved})`, ...where });
    }
  }
  const usesTenantCredentials = !declared.embedded || options.baseUrl !== undefined;
  if (!usesTenantCredentials) return out;
  const selected = new Set(options.tenants?.length ? options.tenants : options.allTenants);
  const overridden = new Set(
    Object.entries(declared.tenants ?? {})
      .filter(([, override]) => override.auth !== undefined)
      .map(([tenant]) => tenant),
  );
  for (const site of options.secrets) {
    if (!selected.has(site.tenant)) continue;
    const used = site.environment === undefined ? !overridden.has(site.tenant) : site.environment === name;
    if (!used) continue;
    const problem = unresolvable(site.ref, options);
    if (!problem) continue;
    out.push({
      code: 'REHEARSE_SECRET_MISSING',
      message: `Failed to resolve secret "${site.ref}" of tenant "${site.tenant}" for environment "${name}": ${problem.why}.`,
      ...site.source.locate(site.path),
      path: formatPath(site.path),
      expected: problem.expected,
      hint: problem.hint,
    });
  }
  return out;
}

function unresolvable(
  ref: string,
  options: SelectedEnvironmentOptions,
): { why: string; expected: string; hint: string } | undefined {
  if (ref.startsWith('env:')) {
    const variable = ref.slice(4);
    if (options.env[variable]) return undefined;
    return {
      why: `${variable} is not set`,
      expected: `the environment variable ${variable}`,
      hint: `Run \`export ${variable}=…\` first (in CI: the job's secrets).`,
    };
  }
  const location = locateSecretFile(ref.slice(5), { baseDir: options.root, secretDirs: options.secretDirs });
  if (!location.allowed) return undefined; // REHEARSE_SECRET_OUTSIDE_PROJECT says it already
  if (isReadableFile(location.path)) return undefined;
  return {
    why: `${location.path} does not exist or is not a file`,
    expected: 'a readable file holding the secret',
    hint: 'Create the file (keep it out of version control), or fix the path: it is relative to the project root.',
  };
}

function isReadableFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
