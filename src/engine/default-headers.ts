import { resolveSecretRef, SECRET_REF_PATTERN } from '../core/secret-ref.js';
import { stringify } from '../expression/index.js';
import type { Project } from '../loader/project.js';
import type { Redactor } from '../core/redactor.js';

const SECRET_REF = new RegExp(SECRET_REF_PATTERN);

/**
 * The values of a `headers:` map (an environment's, a tenant profile's, an action file's) as
 * they are sent: a secret reference (`env:NAME`, `file:path`) is resolved and becomes a secret of
 * the run, masked in every output; anything else is rendered as a `{{ }}` template by `render`.
 * The name of a header whose value is a secret becomes a credential name too, so a value shorter
 * than the by-value threshold is still masked under it.
 *
 * Errors: `REHEARSE_SECRET_MISSING` / `REHEARSE_SECRET_OUTSIDE_PROJECT` from the reference, and
 * whatever `render` throws for a bad expression.
 *
 * @example
 * renderDefaultHeaders({ 'X-Channel': '{{ tenant.data.channel }}', 'X-Api-Key': 'env:KEY' }, { ... })
 */
export function renderDefaultHeaders(
  headers: Readonly<Record<string, string>> | undefined,
  options: { project: Project; redactor: Redactor; render: (template: string) => unknown },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (SECRET_REF.test(value)) {
      const secret = resolveSecretRef(value, {
        baseDir: options.project.root,
        secretDirs: options.project.config.secretDirs,
      });
      options.redactor.addSecret(secret);
      options.redactor.addSecretName(name.toLowerCase());
      out[name.toLowerCase()] = secret;
    } else out[name.toLowerCase()] = stringify(options.render(value));
  }
  return out;
}
