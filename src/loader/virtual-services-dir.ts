import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';

/**
 * The virtual partners a run starts: the project's own `virtual-services/` when it has one,
 * else the partners shipped with Rehearse. `validate` reads the same folder `run` starts.
 *
 * @example
 * virtualServicesDir('/work/shop') // '/work/shop/virtual-services'
 */
export function virtualServicesDir(root: string): string {
  const own = join(root, 'virtual-services');
  return existsSync(own) ? own : join(packageRoot(), 'virtual-services');
}
