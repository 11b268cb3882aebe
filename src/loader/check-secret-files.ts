import { formatPath } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { locateSecretFile, secretDirsHint } from '../core/secret-ref.js';
import type { SecretRefSite } from './secret-refs.js';

/**
 * Every `file:` secret reference, in every environment, stays inside the project root or a
 * `secretDirs` entry (`REHEARSE_SECRET_OUTSIDE_PROJECT`): an absolute path, a `..` that
 * leaves the root, or a symbolic link whose target is outside. Checked for all
 * environments, because a committed file that reads `/etc/shadow` is wrong wherever it runs.
 */
export function checkSecretFiles(
  sites: readonly SecretRefSite[],
  options: { root: string; secretDirs?: readonly string[] },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const site of sites) {
    if (!site.ref.startsWith('file:')) continue;
    const location = locateSecretFile(site.ref.slice(5), { baseDir: options.root, secretDirs: options.secretDirs });
    if (location.allowed) continue;
    out.push({
      code: 'REHEARSE_SECRET_OUTSIDE_PROJECT',
      message: `Secret reference "${site.ref}" points outside the project (${location.path}).`,
      ...site.source.locate(site.path),
      path: formatPath(site.path),
      expected: `a file inside the project${location.allowedDirs.length > 1 ? ` or ${location.allowedDirs.slice(1).join(', ')}` : ''}`,
      hint: secretDirsHint(),
    });
  }
  return out;
}
