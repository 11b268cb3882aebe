import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFiles } from './project-files.js';

/**
 * SHA-256 (hex) of every user file of a project: each file's path and bytes, in a fixed
 * order. Two loads with the same digest read the same files, so what the first found valid
 * the second need not validate again (see `LoadOptions.trustedDigest`). A file that cannot
 * be read counts as its error code, so it never matches a readable one.
 */
export function projectDigest(root: string, files: ProjectFiles): string {
  const hash = createHash('sha256');
  const all = [
    ...(files.config ? [files.config] : []),
    ...files.scenarios,
    ...files.actions,
    ...files.fragments,
    ...files.tenants,
    ...files.dataSchemas,
    ...files.ediTemplates,
    ...files.faultProfiles,
  ];
  for (const file of all) {
    hash.update(`${file}\u0000`);
    try {
      const bytes = readFileSync(join(root, file));
      hash.update(`${bytes.length}\u0000`).update(bytes);
    } catch (error) {
      hash.update(`unreadable:${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    hash.update('\u0000');
  }
  return hash.digest('hex');
}
