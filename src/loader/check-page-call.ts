import { suggestionHint } from '../core/did-you-mean.js';
import { checkArguments } from './check-arguments.js';
import { report, type CheckContext, type Segment } from './check-context.js';

/**
 * `ui: { page: orderScreen.lines, with: {...}, save: {...} }`: the page object exists
 * (`REHEARSE_UNKNOWN_PAGE_OBJECT` with a did-you-mean, or a hint to create `pages/*.ts`), its
 * `with:` names only its parameters and gives every required one (`checkArguments`), and a
 * literal argument (no `{{ }}`) has the parameter's type (`REHEARSE_PARAMETER_TYPE`). Returns the
 * names the step saves.
 */
export function checkPageCall(operation: Record<string, unknown>, at: readonly Segment[], ctx: CheckContext): string[] {
  const saved = operation.save && typeof operation.save === 'object' ? Object.keys(operation.save) : [];
  const name = operation.page;
  if (typeof name !== 'string' || ctx.index.pagesSkipped) return saved;
  const pages = ctx.index.pages ?? new Map();
  const entry = pages.get(name);
  if (!entry) {
    const names = [...pages.keys()];
    report(ctx, [...at, 'page'], {
      code: 'REHEARSE_UNKNOWN_PAGE_OBJECT',
      message: `Unknown page object "${name}".`,
      expected: names.length ? `one of ${names.join(', ')}` : 'a page object declared with definePage in pages/*.ts',
      hint: names.length
        ? suggestionHint(name, names, 'page object')
        : "Declare it in a module under pages/: export default definePage({ name: '" +
          name +
          "', params, run }) (import { definePage } from 'rehearse/ui').",
    });
    return saved;
  }
  const params = entry.page.params ?? {};
  const owner = `page object "${name}" (${entry.origin.file}:${entry.origin.line})`;
  checkArguments(params, operation.with, at, owner, ctx);
  const args = operation.with && typeof operation.with === 'object' ? (operation.with as Record<string, unknown>) : {};
  for (const [param, value] of Object.entries(args)) {
    const spec = Object.hasOwn(params, param) ? params[param] : undefined;
    if (!spec || (typeof value === 'string' && value.includes('{{')) || value === null) continue;
    const actual = typeOf(value);
    if (fits(actual, spec.type)) continue;
    report(ctx, [...at, 'with', param], {
      code: 'REHEARSE_PARAMETER_TYPE',
      message: `Parameter "${param}" of ${owner} must be ${spec.type}, got ${actual}.`,
      expected: spec.type,
      hint:
        actual === 'string' && (spec.type === 'integer' || spec.type === 'number')
          ? 'Write the number without quotes, or pass it with a whole-string {{ expression }}.'
          : `Pass a ${spec.type}${spec.description ? ` (${spec.description})` : ''}.`,
    });
  }
  return saved;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'bigint') return 'integer';
  return typeof value;
}

function fits(actual: string, expected: string): boolean {
  return expected === 'any' || actual === expected || (expected === 'number' && actual === 'integer');
}
