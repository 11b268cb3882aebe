import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const COMPILED = ['handlers.js', 'handlers.mjs'];
const SOURCES = ['handlers.ts', 'handlers.mts'];

/**
 * Finds a partner's handler module: compiled JavaScript beside the
 * TypeScript wins when it is at least as new (no compile step at start-up,
 * no TypeScript loader needed in production); otherwise the TypeScript file,
 * loaded with tsx's `tsImport` (a scoped loader that does not change how the
 * rest of the process imports modules).
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
 * Imports a handler module (JavaScript natively, TypeScript through `tsx`).
 *
 * @example
 * const module = await importHandlers('/project/virtual-services/carrier/handlers.ts');
 */
export async function importHandlers(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (/\.m?js$/.test(file)) return (await import(url)) as Record<string, unknown>;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}
