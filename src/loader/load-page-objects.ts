import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../core/diagnostic.js';
import { moduleLoadFailure } from '../core/module-load-failure.js';
import { requireTypeScript } from '../core/require-typescript.js';
// page-object.ts, not the schema index: a Playwright worker imports this without TypeBox.
import {
  isPageObject,
  PAGE_OBJECT_NAME_PATTERN,
  PARAM_TYPE_NAMES,
  type PageObjectShape,
} from '../schema/page-object.js';
import type { LoadContext } from './load-context.js';
import type { LoadedPageObject } from './project.js';

const PARAM_TYPES: readonly string[] = PARAM_TYPE_NAMES;
const PARAM_KEYS = new Set(['type', 'required', 'default', 'description', 'secret']);

/**
 * Loads the page objects of a project: every module under `pages/` (`.ts`, `.mts`, `.js`, ...;
 * not `.d.ts` or tests) is imported with tsx (TypeScript transpiled as CommonJS, so no top-level
 * await) and each export made by `definePage` is registered by its name. Importing runs the
 * module's top-level code, as Playwright's own loader does with spec files. Problems, each at its
 * file (and line where known): a module that fails to import (`REHEARSE_PAGE_OBJECT_LOAD_FAILED`),
 * a malformed name, parameter or `run` (`REHEARSE_PAGE_OBJECT_INVALID`), two page objects of one
 * name (`REHEARSE_DUPLICATE_NAME`); a module with no page object is a warning.
 */
export function loadPageObjects(load: LoadContext, files: readonly string[]): Map<string, LoadedPageObject> {
  const pages = new Map<string, LoadedPageObject>();
  // tsx writes inline source maps: with them on, a page object's stack frames (and the failure
  // that names one) point at the user's TypeScript line, not the transpiled one.
  if (files.length > 0) process.setSourceMapsEnabled(true);
  for (const file of files) {
    const full = join(load.root, file);
    let text = '';
    try {
      text = readFileSync(full, 'utf8');
      load.sources.set(file, text);
    } catch {
      // The import below reports an unreadable file.
    }
    let exported: Record<string, unknown>;
    try {
      exported = requireTypeScript(full, pathToFileURL(full).href) as Record<string, unknown>;
    } catch (error) {
      const failure = moduleLoadFailure(error, full);
      load.diagnostics.push({
        code: 'REHEARSE_PAGE_OBJECT_LOAD_FAILED',
        message: `Failed to load the page objects of ${file}: ${failure.message}.`,
        file,
        ...(failure.line !== undefined ? { line: failure.line } : {}),
        ...(failure.column !== undefined ? { column: failure.column } : {}),
        hint: 'Fix the module so it imports on its own (no top-level await); page objects are made with definePage from rehearse/ui.',
      });
      continue;
    }
    const found = Object.values(exported ?? {}).filter(isPageObject);
    const unique = [...new Set(found)];
    if (unique.length === 0)
      load.diagnostics.push({
        code: 'REHEARSE_NO_PAGE_OBJECTS',
        severity: 'warning',
        message: `${file} exports no page object.`,
        file,
        hint: "Export what definePage returns (import { definePage } from 'rehearse/ui'), or move helpers out of pages/.",
      });
    for (const page of unique) {
      const origin = { file, ...namePosition(text, page.name) };
      const problem = shapeProblem(page);
      if (problem) {
        load.diagnostics.push({ code: 'REHEARSE_PAGE_OBJECT_INVALID', ...origin, ...problem });
        continue;
      }
      const earlier = pages.get(page.name);
      if (earlier) {
        load.diagnostics.push({
          code: 'REHEARSE_DUPLICATE_NAME',
          ...origin,
          message: `Page object "${page.name}" is declared twice: here and at ${earlier.origin.file}:${earlier.origin.line}.`,
          hint: 'Give each page object a name of its own.',
        });
        continue;
      }
      pages.set(page.name, { page, origin });
    }
  }
  return pages;
}

function shapeProblem(page: PageObjectShape): Pick<Diagnostic, 'message' | 'expected' | 'hint'> | undefined {
  if (typeof page.name !== 'string' || !PAGE_OBJECT_NAME_PATTERN.test(page.name))
    return {
      message: `A page object's name must be dotted identifiers, got ${JSON.stringify(page.name)}.`,
      expected: 'a name such as orderScreen.lines',
    };
  if (typeof page.run !== 'function')
    return { message: `Page object "${page.name}" has no run function.`, expected: 'run(page, params)' };
  const params: unknown = page.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    return { message: `The params of page object "${page.name}" must be a mapping.`, expected: '{ name: { type } }' };
  for (const [name, spec] of Object.entries(params as Record<string, unknown>)) {
    const record = (spec && typeof spec === 'object' ? spec : {}) as Record<string, unknown>;
    const unknownKey = Object.keys(record).find((key) => !PARAM_KEYS.has(key));
    if (!PARAM_TYPES.includes(record.type as string) || unknownKey !== undefined)
      return {
        message: `Parameter "${name}" of page object "${page.name}" is malformed${unknownKey ? ` (unknown key "${unknownKey}")` : ''}.`,
        expected: `{ type: ${PARAM_TYPES.join(' | ')}, required?, default?, description?, secret? }`,
        hint: 'Declare it as an action parameter is declared.',
      };
  }
  return undefined;
}

/** Where the page object's name is written in its module (its definePage call), else 1:1. */
function namePosition(text: string, name: string): { line: number; column: number } {
  const at = ['"', "'", '`'].map((q) => text.indexOf(`${q}${name}${q}`)).find((i) => i >= 0);
  if (at === undefined) return { line: 1, column: 1 };
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
