import { createRequire } from 'node:module';
import type * as TsxRequireApi from 'tsx/cjs/api';

// tsx (and esbuild's JavaScript API with it, about 60–90 ms to load) is required when a module is
// first loaded through it, not when this module is imported: Playwright's runner and an api-only
// worker import the project snapshot, which can load page objects, but never do.
const requireHere = createRequire(import.meta.url);

/**
 * tsx's namespace for the user modules Rehearse loads (page objects, partner handlers). One name
 * for every process: tsx keys its transpile cache (a folder in the system's temporary directory)
 * by the namespaced path, and tsx's own `require` names a namespace after the clock.
 */
const NAMESPACE = 'rehearse';

let scoped: { require(id: string, fromFile: string | URL): unknown } | undefined;

/**
 * Requires a user's module — TypeScript (`.ts`, `.mts`, `.cts`) or JavaScript — as CommonJS
 * through tsx (esbuild), synchronously, in this thread, and returns its exports. Like tsx's own
 * `require` (`tsx/cjs/api`) — a registration scoped to a namespace, so nothing else the process
 * loads goes through tsx — but the namespace is the same in every process: with tsx's
 * (`Date.now()`), each process missed tsx's transpile cache, started esbuild (about 70 ms a
 * load, and esbuild's own process), and wrote new cache files that every later miss scans — a
 * folder of tens of thousands of files after a day of runs. A module is loaded once per process
 * (Node's `require.cache`), as with tsx's `require`.
 *
 * @param file absolute path of the module
 * @param from the file or `file:` URL the request is made from (resolution starts there)
 * @throws whatever the module throws while it loads; a module CommonJS cannot hold (top-level
 *   await) throws `ERR_REQUIRE_ASYNC_MODULE`.
 */
export function requireTypeScript(file: string, from: string | URL): unknown {
  scoped ??= (requireHere('tsx/cjs/api') as typeof TsxRequireApi).register({ namespace: NAMESPACE });
  return scoped.require(file, from);
}
