import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The TypeScript sources under `root/src` whose compiled file in `root/dist/src` is missing or
 * older: a bench that runs the compiled code (`--dist`) says so rather than measure code that is
 * not the tree's.
 *
 * @example
 * staleBuild(process.cwd()) // ['src/engine/step-runner.ts']
 */
export function staleBuild(root: string): string[] {
  const stale: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) {
        const built = join(root, 'dist', relative(root, path)).replace(/\.ts$/, '.js');
        const builtAt = statSync(built, { throwIfNoEntry: false })?.mtimeMs;
        if (builtAt === undefined || builtAt < statSync(path).mtimeMs) stale.push(relative(root, path));
      }
    }
  };
  visit(join(root, 'src'));
  return stale;
}
