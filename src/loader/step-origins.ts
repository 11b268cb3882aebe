import type { YamlSource } from '../core/yaml-source.js';
import type { Origin } from './project.js';

/** Keys whose value is a list of steps: a scenario's, a block's, a fragment's, an action's. */
const STEP_LISTS: ReadonlySet<string> = new Set(['steps', 'cleanup', 'api', 'ui']);

/** Where each step object came from (file, 1-based line and column), for the process's loads. */
const origins = new WeakMap<object, Origin>();

/**
 * Remembers the position of every step in a parsed file (at any depth: steps of `eventually`,
 * `repeat`, `parallel`, actions' `api` and `ui`), keyed by the step object itself, so that whoever runs
 * the step can say where it was written — Playwright's `test.step` location, for one. The file
 * is as the loader names it (relative to the project).
 */
export function recordStepOrigins(source: YamlSource): void {
  walk(source, source.value, [], false);
}

// One path, pushed and popped as the walk goes (`locate` reads it and keeps nothing): the walk
// visits every value of every file, and a copied path per value was most of what it allocated.
function walk(source: YamlSource, value: unknown, path: Array<string | number>, inStepList: boolean): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      path.push(i);
      if (inStepList && item && typeof item === 'object' && !Array.isArray(item)) {
        const at = source.locate(path);
        origins.set(item, { file: at.file, line: at.line, column: at.column });
      }
      walk(source, item, path, false);
      path.pop();
    }
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    path.push(key);
    walk(source, child, path, STEP_LISTS.has(key));
    path.pop();
  }
}

/** Where `step` was written, when it came from a file this process loaded. */
export function stepOrigin(step: object): Origin | undefined {
  return origins.get(step);
}

/**
 * Every step under `value` (at any depth, as `recordStepOrigins` finds them) with the position
 * this process knows for it: what a project handed to another process must carry along, since
 * positions are kept beside the steps, not in them.
 */
export function stepOriginsUnder(value: unknown): Array<[object, Origin]> {
  const found: Array<[object, Origin]> = [];
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const origin = origins.get(node);
    if (origin) found.push([node, origin]);
    const children = node instanceof Map ? node.values() : Array.isArray(node) ? node : Object.values(node);
    for (const child of children) visit(child);
  };
  visit(value);
  return found;
}

/** Gives steps received from another process the positions that process knew (see `stepOriginsUnder`). */
export function rememberStepOrigins(pairs: ReadonlyArray<readonly [object, Origin]>): void {
  for (const [step, origin] of pairs) origins.set(step, origin);
}
