import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireSharingLoadedModules, type LoadedModule } from '../../core/require-sharing-loaded-modules.js';

const COMPILED = ['handlers.js', 'handlers.mjs'];
const SOURCES = ['handlers.ts', 'handlers.mts'];

/**
 * Finds a partner's handler module: compiled JavaScript beside the
 * TypeScript wins when it is at least as new (no compile step at start-up,
 * no TypeScript loader needed in production); otherwise the TypeScript file,
 * loaded through tsx (`importHandlers`).
 *
 * @example
 * const file = findHandlersFile('virtual-services/carrier'); // '.../carrier/handlers.ts'
 */
export function findHandlersFile(partnerDir: string): string | undefined {
  const source = SOURCES.map((n) => join(partnerDir, n)).find((f) => existsSync(f));
  const compiled = COMPILED.map((n) => join(partnerDir, n)).find((f) => existsSync(f));
  if (compiled && (!source || statSync(compiled).mtimeMs >= statSync(source).mtimeMs)) return compiled;
  return source ?? compiled;
}

/**
 * Imports a handler module: JavaScript natively; TypeScript through tsx as CommonJS
 * (`requireTypeScript`), transpiled in this thread, synchronously, with no global module hooks.
 * `tsImport` would register tsx's ESM hooks (one set per call) on Node's loader thread, and from
 * then on every module the process imports — the whole project loader after the partners — is
 * resolved through that thread: half a second more of a `rehearse sandbox` start. A module
 * CommonJS cannot hold (top-level await: `ERR_REQUIRE_ASYNC_MODULE`) is imported with
 * `tsImport` instead. A handler's `msw` is the msw the virtual partners' server already runs on
 * (`requireSharingLoadedModules`), not a second copy transpiled by tsx. Rejects with the
 * module's own error when it fails to load either way.
 *
 * @example
 * const module = await importHandlers('/project/virtual-services/carrier/handlers.ts');
 */
export async function importHandlers(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (/\.m?js$/.test(file)) return (await import(url)) as Record<string, unknown>;
  // Loaded here, not at the top: a project whose handlers are all JavaScript never loads tsx.
  const { requireTypeScript } = await import('../../core/require-typescript.js');
  const shared = await ownPartnerLibraries();
  try {
    return requireSharingLoadedModules(
      shared,
      () => requireTypeScript(file, import.meta.url) as Record<string, unknown>,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
  }
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/** What a handler module imports that this process already holds: the partners' own server runs on msw. */
const OWN_PARTNER_LIBRARIES = ['msw', 'msw/node'];
let ownLibraries: Promise<LoadedModule[]> | undefined;

function ownPartnerLibraries(): Promise<LoadedModule[]> {
  ownLibraries ??= (async () => {
    const requireHere = createRequire(import.meta.url);
    return Promise.all(
      OWN_PARTNER_LIBRARIES.map(async (specifier) => ({
        specifier,
        file: requireHere.resolve(specifier),
        exports: (await import(specifier)) as unknown,
      })),
    );
  })();
  return ownLibraries;
}
