import { createRequire, Module } from 'node:module';

/** A module this process already holds, offered to a CommonJS load of user code. */
export interface LoadedModule {
  /** The bare specifier user code writes, e.g. `msw`. */
  specifier: string;
  /** The file Node resolves `specifier` to from Rehearse's own folder (absolute path). */
  file: string;
  /** What the process already imported for it (an ES module namespace). */
  exports: unknown;
}

/** Node's CommonJS loader entry; not in @types/node, present in every Node since 0.x. */
type LoadFunction = (request: string, parent: { filename?: string | null } | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: LoadFunction };

/**
 * Runs `load` — a synchronous CommonJS load of a user's TypeScript module, tsx's `require` — so
 * that a `require` (an `import` tsx turned into one) of one of `shared` from user code returns
 * the module this process already holds, instead of a second copy. tsx resolves every file of
 * such a load under a namespace of its own (`?namespace=…`) and transpiles ES module packages to
 * CommonJS, so without this msw's ~100 files are read, transpiled and compiled again: a quarter
 * of a second of a sandbox start. Sharing happens only when the user file's own resolution of the
 * specifier (Node's rules, from the user file's folder) is the same file as Rehearse's: a project
 * with its own copy of the package elsewhere loads that copy, as before. Requests made by
 * packages (under node_modules) are left alone. The hook is Node's `Module._load` (undocumented,
 * the one CommonJS hook Node 20 has; Node ≥ 22.15 has `module.registerHooks`), installed for the
 * duration of `load` only and restored even when `load` throws; a nested call keeps the outer hook.
 * Errors: whatever `load` throws.
 *
 * @example
 * const msw = { specifier: 'msw', file: ownRequire.resolve('msw'), exports: await import('msw') };
 * const handlers = requireSharingLoadedModules([msw], () => tsxRequire(file, import.meta.url));
 */
export function requireSharingLoadedModules<T>(shared: readonly LoadedModule[], load: () => T): T {
  if (shared.length === 0) return load();
  const bySpecifier = new Map(shared.map((module) => [module.specifier, module]));
  const original = loader._load;
  loader._load = function loadSharing(request, parent, isMain) {
    const module = bySpecifier.get(request);
    const from = parent?.filename?.split('?')[0];
    if (module && from && !from.includes('/node_modules/') && resolvesTo(from, request) === module.file) {
      return module.exports;
    }
    return original.call(this, request, parent, isMain);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

function resolvesTo(fromFile: string, specifier: string): string | undefined {
  try {
    return createRequire(fromFile).resolve(specifier);
  } catch {
    return undefined;
  }
}
