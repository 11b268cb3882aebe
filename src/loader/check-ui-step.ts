import type { Diagnostic } from '../core/diagnostic.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { validateWithSchema } from '../core/schema-validate.js';
import {
  SHALLOW_UI_OPERATION_SCHEMAS,
  SHALLOW_UI_SAVE_SOURCE_SCHEMAS,
  UI_OPERATION_NAMES,
  UI_SAVE_SOURCE_NAMES,
  type UiOperationName,
} from '../schema/index.js';
import { report, type CheckContext, type Segment } from './check-context.js';
import { checkFilter, checkLocator, checkPattern } from './check-ui-locator.js';
import { checkPageCall } from './check-page-call.js';

const PAGE_OPTION_KEYS: ReadonlySet<string> = new Set(['with', 'expect', 'save']);

/** Keys that go beside an operation (never an operation themselves): not what a misspelt `clik` is. */
const OPTION_KEYS = new Set(
  Object.values(SHALLOW_UI_OPERATION_SCHEMAS).flatMap((schema) =>
    Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {}),
  ),
);
for (const name of UI_OPERATION_NAMES) OPTION_KEYS.delete(name);

const LOCATOR_OPERATIONS: ReadonlySet<UiOperationName> = new Set([
  'click',
  'fill',
  'select',
  'check',
  'uncheck',
  'press',
  'upload',
  'expect',
]);

/**
 * Checks the operation of a `ui:` step: exactly one operation key (`REHEARSE_UNKNOWN_UI_OPERATION`
 * with a did-you-mean for `clik:`, `REHEARSE_CONFLICTING_KEYS` for two), its keys against that
 * operation's schema, then every locator in it (`checkLocator`), regular expressions, and the
 * shape of each `save:` source. Returns the names the step saves (in scope after it).
 */
export function checkUiStep(record: Record<string, unknown>, path: readonly Segment[], ctx: CheckContext): string[] {
  const at = [...path, 'ui'];
  const op = record.ui;
  if (!op || typeof op !== 'object' || Array.isArray(op)) return []; // the step's schema said so
  const operation = op as Record<string, unknown>;
  const keys = Object.keys(operation);
  // expect: and save: beside page: read the page object's result; they are not operations there.
  const named = keys.includes('page')
    ? keys.filter(
        (key): key is UiOperationName => (UI_OPERATION_NAMES as string[]).includes(key) && !PAGE_OPTION_KEYS.has(key),
      )
    : keys.filter((key): key is UiOperationName => (UI_OPERATION_NAMES as string[]).includes(key));
  if (named.length === 0) {
    const unknown = keys.find((key) => !OPTION_KEYS.has(key));
    report(
      ctx,
      unknown ? [...at, unknown] : at,
      {
        code: 'REHEARSE_UNKNOWN_UI_OPERATION',
        message: unknown ? `Unknown ui operation "${unknown}".` : 'The ui step has no operation.',
        expected: `one of ${UI_OPERATION_NAMES.join(', ')}`,
        hint: unknown
          ? suggestionHint(unknown, UI_OPERATION_NAMES, 'operation')
          : 'Add one, e.g. ui: { click: { role: button, name: Allocate } }.',
      },
      { key: unknown !== undefined },
    );
    return [];
  }
  if (named.length > 1) {
    report(
      ctx,
      [...at, named[1]!],
      {
        code: 'REHEARSE_CONFLICTING_KEYS',
        message: `A ui step does one operation, but this one has ${named.map((n) => `"${n}"`).join(' and ')}.`,
        expected: 'one operation per ui step',
        hint: 'Split it into one ui step per operation.',
      },
      { key: true },
    );
    return [];
  }
  const name = named[0]!;
  if (!ctx.index.trusted)
    ctx.diagnostics.push(
      ...withoutMisspeltMissing(
        validateWithSchema(SHALLOW_UI_OPERATION_SCHEMAS[name], ctx.source, { basePath: at, value: operation }),
      ),
    );
  if (LOCATOR_OPERATIONS.has(name) && operation[name] !== undefined) checkLocator(operation[name], [...at, name], ctx);
  checkPattern(operation.expectUrl, [...at, 'expectUrl'], ctx);
  checkPattern(operation.text, [...at, 'text'], ctx);
  checkPattern(operation.value, [...at, 'value'], ctx);
  const wait = operation.waitForResponse;
  if (wait && typeof wait === 'object')
    checkPattern((wait as { url?: unknown }).url, [...at, 'waitForResponse', 'url'], ctx);
  if (name === 'expect') checkVisibility(operation, at, ctx);
  if (name === 'page') return checkPageCall(operation, at, ctx);
  if (name !== 'save' || !operation.save || typeof operation.save !== 'object') return [];
  const save = operation.save as Record<string, unknown>;
  for (const [variable, source] of Object.entries(save)) checkSaveSource(source, [...at, 'save', variable], ctx);
  return Object.keys(save);
}

/**
 * A required key that is "missing" because it was misspelt (`valeu:` for `value:`) is said once,
 * as the unknown key with its did-you-mean; a step key written inside the operation (`timeout:`)
 * is said to belong beside `ui:`.
 */
function withoutMisspeltMissing(problems: Diagnostic[]): Diagnostic[] {
  const meant = new Set(
    problems
      .filter((p) => p.code === 'REHEARSE_UNKNOWN_KEY')
      .map((p) => /^Did you mean "([^"]+)"\?/.exec(p.hint ?? '')?.[1])
      .filter((key) => key !== undefined),
  );
  return problems
    .filter((p) => !(p.code === 'REHEARSE_MISSING_KEY' && meant.has(/"([^"]+)"/.exec(p.message)?.[1] ?? '')))
    .map((p) => {
      const key = p.code === 'REHEARSE_UNKNOWN_KEY' ? /^Unknown key "([^"]+)"/.exec(p.message)?.[1] : undefined;
      return key !== undefined && STEP_LEVEL_KEYS.has(key)
        ? { ...p, hint: `"${key}" belongs to the step: write it beside ui:, on its own line ("    ${key}: ...").` }
        : p;
    });
}

/** Keys of the step (beside `ui:`) that are easy to write inside the operation by mistake. */
const STEP_LEVEL_KEYS: ReadonlySet<string> = new Set(['timeout', 'name', 'id', 'if']);

/** `visible: true` and `hidden: true` (or `visible: false` with `hidden: false`) contradict each other. */
function checkVisibility(operation: Record<string, unknown>, at: readonly Segment[], ctx: CheckContext): void {
  const { visible, hidden } = operation;
  if (typeof visible !== 'boolean' || typeof hidden !== 'boolean' || visible !== hidden) return;
  report(
    ctx,
    [...at, 'hidden'],
    {
      code: 'REHEARSE_CONFLICTING_KEYS',
      message: `visible: ${visible} and hidden: ${hidden} contradict each other.`,
      expected: 'one of visible, hidden',
      hint: 'Keep one: visible: true, or hidden: true.',
    },
    { key: true },
  );
}

/** One `save:` entry: exactly one source key (did-you-mean), its schema, its locators. */
function checkSaveSource(source: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (!source || typeof source !== 'object' || Array.isArray(source)) {
    report(ctx, path, {
      code: 'REHEARSE_WRONG_TYPE',
      message: `A saved value says where it is read, got ${JSON.stringify(source)}.`,
      expected: `a mapping with one of ${UI_SAVE_SOURCE_NAMES.join(', ')}`,
      hint: "For example: orderNumber: { text: { testId: order-number } }, or number: { urlPath: '/orders/:number' }.",
    });
    return;
  }
  const record = source as Record<string, unknown>;
  const keys = Object.keys(record);
  const named = UI_SAVE_SOURCE_NAMES.filter((key) => key in record);
  if (named.length !== 1) {
    const other = named[1] ?? keys[0];
    report(
      ctx,
      other !== undefined ? [...path, other] : path,
      {
        code: named.length ? 'REHEARSE_CONFLICTING_KEYS' : 'REHEARSE_UNKNOWN_KEY',
        message: named.length
          ? `A saved value is read from one place, but this one has ${named.map((n) => `"${n}"`).join(' and ')}.`
          : other !== undefined
            ? `Unknown source "${other}" for a saved value.`
            : 'The saved value does not say where it is read.',
        expected: `exactly one of ${UI_SAVE_SOURCE_NAMES.join(', ')}`,
        hint:
          named.length || other === undefined
            ? 'Keep one source per variable.'
            : suggestionHint(other, UI_SAVE_SOURCE_NAMES, 'source'),
      },
      { key: other !== undefined },
    );
    return;
  }
  const kind = named[0]!;
  if (!ctx.index.trusted)
    ctx.diagnostics.push(
      ...validateWithSchema(SHALLOW_UI_SAVE_SOURCE_SCHEMAS[kind], ctx.source, { basePath: path, value: source }),
    );
  if (kind === 'text' || kind === 'value') checkLocator(record[kind], [...path, kind], ctx);
  if (kind === 'urlPath') checkUrlPath(record.urlPath, [...path, 'urlPath'], ctx);
  if (kind !== 'cell' || !record.cell || typeof record.cell !== 'object') return;
  const cell = record.cell as Record<string, unknown>;
  if (cell.table !== undefined) checkLocator(cell.table, [...path, 'cell', 'table'], ctx);
  if (cell.row && typeof cell.row === 'object' && !Array.isArray(cell.row))
    checkFilter(cell.row as Record<string, unknown>, [...path, 'cell', 'row'], ctx);
}

/** `urlPath` names exactly one segment to read: `/orders/:number`. */
function checkUrlPath(value: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (typeof value !== 'string' || value.includes('{{')) return;
  const names = value.split('/').filter((segment) => segment.startsWith(':'));
  if (names.length === 1 && names[0]!.length > 1) return;
  report(ctx, path, {
    code: 'REHEARSE_INVALID_FORMAT',
    message: `The path pattern ${JSON.stringify(value)} names ${names.length} segments to read; it must name one.`,
    expected: "a path with one :name segment, e.g. '/orders/:number'",
    hint: 'Write the segment to read as :name and the others as they are (or * for any).',
  });
}
