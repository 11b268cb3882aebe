import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder of Rehearse's own package.json. Code runs both from `src/` (tsx)
 * and from `dist/src/` (built), at different depths, so walk up instead of
 * counting `../`.
 *
 * @example
 * join(packageRoot(), 'virtual-services') // the shipped virtual partners
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'rehearse') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Rehearse cannot find its own package.json');
    dir = parent;
  }
}
