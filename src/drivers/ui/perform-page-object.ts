import { findSourceMap } from 'node:module';
import { relative, sep } from 'node:path';
import { suggestionHint } from '../../core/did-you-mean.js';
import { checkSubject, saveFromSubject } from '../../engine/checks.js';
import { renderValue } from '../../engine/evaluate.js';
import { stepAbort } from '../../engine/step-failure.js';
import type { StepOutcome } from '../../engine/step-registry.js';
import { bindParameters } from '../../engine/steps/do-step.js';
import type { UiOperation } from '../../schema/index.js';
import type { OperationContext } from './operation-context.js';
import { firstLine } from './playwright-error.js';
import { UiFailure } from './ui-failure.js';

type PageOperation = Extract<UiOperation, { page: string }>;

/**
 * `ui: { page: orderScreen.lines, with: { number: SO-000123 }, save: { lines: lines } }` — calls
 * the page object registered under that name (`definePage` in a module under `pages/`) with the
 * test's Playwright page and its parameters (bound as an action's: defaults, types, secrets),
 * then checks `expect:` and reads `save:` from what it returns, as a `do:` step does with an
 * action's result. The page's default timeout is the step's, so each wait inside is bounded by
 * it. Whatever the page object throws becomes a `UiFailure` (`REHEARSE_UI_PAGE_OBJECT_FAILED`)
 * naming it, its message and the user's own file:line; `createUiDriver` adds the URL, snapshot
 * and screenshot. A result that is not data fails with `REHEARSE_UI_PAGE_OBJECT_RESULT`.
 */
export async function performPageObject(op: PageOperation, oc: OperationContext): Promise<StepOutcome> {
  const ctx = oc.step;
  const pages = ctx.engine.project.pages ?? new Map();
  const entry = pages.get(op.page);
  if (!entry)
    throw stepAbort(
      'REHEARSE_UNKNOWN_PAGE_OBJECT',
      `Unknown page object "${op.page}".`,
      suggestionHint(op.page, [...pages.keys()], 'page object'),
    );
  const owner = `page object "${op.page}"`;
  const params = entry.page.params ?? {};
  const args = bindParameters(params, (op.with ? renderValue(op.with, ctx) : {}) as Record<string, unknown>, owner);
  for (const [name, value] of Object.entries(args))
    if (params[name]?.secret && typeof value === 'string') oc.redactor.addSecret(value);

  oc.page.setDefaultTimeout(oc.timeoutMs);
  let result: unknown;
  try {
    result = await (entry.page.run as (page: unknown, params: unknown) => unknown)(oc.page, args);
  } catch (error) {
    const at = userFrame(error, oc.projectRoot);
    throw new UiFailure({
      code: 'REHEARSE_UI_PAGE_OBJECT_FAILED',
      message: oc.redactor.redactText(
        `Failed to run ${owner}: ${firstLine(error).replace(/\.$/, '')}${at ? ` (thrown at ${at})` : ''}.`,
      ),
      hint: `The page object (${entry.origin.file}:${entry.origin.line}) threw: compare what it looks for with the page's snapshot and screenshot.`,
    });
  }
  const problem = notData(result, 'the result');
  if (problem)
    throw new UiFailure({
      code: 'REHEARSE_UI_PAGE_OBJECT_RESULT',
      message: `Failed to read the result of ${owner}: ${problem}.`,
      hint: 'Return data a scenario can expect and save: strings, numbers, booleans, null, arrays and plain objects (read a Locator with innerText(), inputValue(), ...).',
    });
  const checks = checkSubject(result, op.expect ?? {}, ctx);
  const captured = saveFromSubject(result, op.save, ctx);
  return { checks: [...checks, ...captured.checks], saved: captured.saved };
}

/** The first stack frame in the user's project (not in node_modules): `pages/order-screen.ts:12:11`. */
function userFrame(error: unknown, root: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, '');
    const rel = relative(root, file);
    if (rel.startsWith('..') || rel.split(sep).includes('node_modules')) continue;
    return `${rel.split(sep).join('/')}:${original(file, Number(match[2]), Number(match[3]))}`;
  }
  return undefined;
}

/**
 * A transpiled position mapped back to the user's TypeScript through the module's source map
 * (tsx writes one inline; the loader turns source maps on before importing) — Playwright's
 * workers format stacks themselves and would show the transpiled line.
 */
function original(file: string, line: number, column: number): string {
  try {
    const entry = findSourceMap(file)?.findEntry(line - 1, column - 1) as
      { originalLine?: number; originalColumn?: number } | undefined;
    if (entry?.originalLine !== undefined && entry.originalColumn !== undefined)
      return `${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  } catch {
    // No map: the position as the stack gave it.
  }
  return `${line}:${column}`;
}

/** Why a value is not data (a function, a Locator, a Date, a cycle), or undefined when it is. */
function notData(value: unknown, where: string, seen = new Set<unknown>()): string | undefined {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return undefined;
  if (type === 'number') return Number.isFinite(value) ? undefined : `${where} is ${String(value)}`;
  if (type !== 'object') return `${where} is a ${type}`;
  if (seen.has(value)) return `${where} refers to itself`;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = notData(item, `${where}[${i}]`, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null)
    return `${where} is a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'}, not plain data`;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const problem = notData(item, `${where}.${key}`, seen);
    if (problem) return problem;
  }
  return undefined;
}
