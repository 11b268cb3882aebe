import { resolveSecretRef } from '../../core/secret-ref.js';
import { Redactor } from '../../core/redactor.js';
import type { RunOptions } from '../run-options.js';

/** What the environment block is made of: the run's options (or what `config.metadata` kept of them). */
export type EnvironmentSource = Pick<RunOptions, 'environment' | 'runId' | 'seed' | 'baseUrl' | 'deployment'> &
  Partial<Pick<RunOptions, 'uiUrl' | 'redact' | 'tenantAuth' | 'tenantUi' | 'root'>>;

/**
 * Allure's environment block of a run (`environment.properties`, the report's "Environment"
 * panel): the environment's name, the target's URL, the release's version and commit as the
 * target's version endpoint answered them once before the run (`RunOptions.deployment`, read by
 * the preflight), the seed and the run id. Keys are dotted lower case, as Allure shows them.
 *
 * Everything is redacted with the run's rules: URL user-info and sensitive query values, fields
 * whose names look secret, and the values of the tenants' secret references (`env:`/`file:`)
 * wherever they appear. A value that is not text (a nested object) is written as JSON.
 *
 * @example
 * allureEnvironment(options)
 * // { environment: 'staging', 'target.url': 'https://erp.staging.example.com/', 'release.version': '4.2.0', 'release.commit': 'a1b2c3d', seed: '42', 'run.id': 'r-…' }
 */
export function allureEnvironment(options: EnvironmentSource): Record<string, string> {
  const redactor = new Redactor({ fields: options.redact?.fields ?? [], headers: options.redact?.headers ?? [] });
  for (const ref of secretRefs([options.tenantAuth, options.tenantUi])) {
    try {
      redactor.addSecret(resolveSecretRef(ref, { baseDir: options.root }));
    } catch {
      // Unset or unreadable: there is no value to hide.
    }
  }
  const deployment = options.deployment ?? {};
  redactor.learnFrom(deployment);
  const shown = redactor.redactValue(deployment);
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const info: Record<string, string | undefined> = {
    environment: options.environment,
    'target.url': options.baseUrl ? redactor.redactUrl(options.baseUrl) : undefined,
    ...(options.uiUrl ? { 'target.ui.url': redactor.redactUrl(options.uiUrl) } : {}),
    'release.version': shown.version === undefined ? undefined : text(shown.version),
    'release.commit': shown.commit === undefined ? undefined : text(shown.commit),
    ...Object.fromEntries(
      Object.entries(shown)
        .filter(([key]) => key !== 'version' && key !== 'commit')
        .map(([key, value]) => [`release.${key}`, text(value)]),
    ),
    seed: options.seed,
    'run.id': options.runId,
  };
  return Object.fromEntries(
    Object.entries(info).flatMap(([key, value]) =>
      value === undefined || value === '' ? [] : [[key, redactor.redactText(value)]],
    ),
  );
}

/** The secret references (`env:NAME`, `file:path`) anywhere in the values. */
function secretRefs(values: readonly unknown[]): string[] {
  const found: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 16) return;
    if (typeof value === 'string') {
      if (/^(env:[A-Za-z_]\w*|file:.+)$/.test(value)) found.push(value);
    } else if (value && typeof value === 'object') for (const child of Object.values(value)) visit(child, depth + 1);
  };
  for (const value of values) visit(value, 0);
  return found;
}
