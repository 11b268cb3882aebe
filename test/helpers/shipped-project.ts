import { cpSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Entries of the repository that make up the shipped project. */
const PROJECT_ENTRIES = [
  'rehearse.config.yaml',
  'playwright.config.mjs',
  'package.json',
  'scenarios',
  'tenant-profiles',
  'edi',
  'schemas',
  'virtual-services',
];

/**
 * The shipped project's page objects and the one action that calls them: TypeScript imported
 * through tsx, about 0.3 s of every CLI call. The bad-input corpus and the fuzzer send hundreds
 * of calls about YAML and JSON files through the CLI, so their copies leave these out (page
 * objects have tests of their own: test/cli/page-objects-run-from-yaml.test.ts).
 */
const PAGE_OBJECT_ENTRIES = ['pages', 'scenarios/actions/order-lines.yaml'];

/**
 * Copies the shipped project from `repo` into `root` (an empty folder) without its page objects,
 * with `node_modules`, `dist` and `src` linked, for a test to change files in.
 */
export function copyShippedProjectWithoutPages(repo: string, root: string): void {
  for (const name of PROJECT_ENTRIES)
    if (existsSync(join(repo, name))) cpSync(join(repo, name), join(root, name), { recursive: true });
  for (const name of PAGE_OBJECT_ENTRIES) rmSync(join(root, name), { recursive: true, force: true });
  for (const name of ['node_modules', 'dist', 'src'])
    if (existsSync(join(repo, name))) symlinkSync(join(repo, name), join(root, name));
}
