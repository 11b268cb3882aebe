import { createHash } from 'node:crypto';
import { readUserBytes, type UserFileBytes } from '../core/read-user-file.js';
import { findProjectFiles, type ProjectFiles } from './project-files.js';

/**
 * SHA-256 (hex) of every user file of a project: each file's path and bytes, in a fixed
 * order. Two loads with the same digest read the same files, so what the first found valid
 * the second need not validate again (see `LoadOptions.trustedDigest`). A file that cannot
 * be read (see `readUserBytes`) counts as its problem's code, so it never matches a readable one.
 * With `reads`, each file's read is kept there by path, for the loaders to use instead of
 * reading the file a second time (see `readProjectFile`).
 */
export function projectDigest(root: string, files: ProjectFiles, reads?: Map<string, UserFileBytes>): string {
  const hash = createHash('sha256');
  const all = [
    ...(files.config ? [files.config] : []),
    ...files.scenarios,
    ...files.actions,
    ...files.fragments,
    ...files.tenants,
    ...files.dataSchemas,
    ...files.ediTemplates,
    ...files.pages,
    ...files.faultProfiles,
    ...files.drills,
  ];
  for (const file of all) {
    hash.update(`${file}\u0000`);
    // The same guarded read as the loaders': a FIFO, a device or a huge file must not hang
    // or exhaust the digest before the loaders get to report it.
    const read = readUserBytes(root, file);
    reads?.set(file, read);
    if (read.bytes) hash.update(`${read.bytes.length}\u0000`).update(read.bytes);
    else hash.update(`unreadable:${read.problem.code}`);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

/**
 * The digest of the project's files as they are now, to tell whether they changed since a load
 * (`Project.digest`): a run whose files were edited while Playwright started saw other
 * scenarios than the CLI selected.
 */
export function currentProjectDigest(root: string): string {
  return projectDigest(root, findProjectFiles(root));
}
