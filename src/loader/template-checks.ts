import { didYouMean, suggestionHint } from '../core/did-you-mean.js';
import {
  cachedTemplate,
  ExpressionError,
  FUNCTION_NAMES,
  RESERVED_NAMES,
  isTemplate,
  ROOT_IN_EXPRESSION_HINT,
  type Template,
} from '../expression/index.js';
import { isMatcherObject, lintExpectation } from '../matchers/index.js';
import type { StepKindName } from '../schema/index.js';
import { isDynamic, report, type CheckContext, type Scope, type Segment } from './check-context.js';
import { analyzeTemplate } from './template-analysis.js';

/** Roots every expression may use without defining them (`response` = the last request's result). */
export const BUILTIN_NAMES: readonly string[] = [...RESERVED_NAMES, 'response'];

/**
 * Checks every `{{ }}` in `value`: it parses, and every name it reads is in
 * scope (variables defined earlier, parameters, built-ins), every function
 * exists, and `env.NAME` is exposed by the environment.
 */
export function checkTemplates(value: unknown, path: readonly Segment[], scope: Scope, ctx: CheckContext): void {
  if (typeof value === 'string') {
    if (isTemplate(value)) checkTemplate(value, path, scope, ctx);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => checkTemplates(item, [...path, i], scope, ctx));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) checkTemplates(v, [...path, k], scope, ctx);
}

/**
 * Checks only that every `{{ }}` in `value` parses: for text whose names depend on where it
 * is used (an EDI template, checked again with each step that sends it).
 */
export function checkTemplateSyntax(value: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (typeof value === 'string') {
    if (isTemplate(value)) parseOrReport(value, path, ctx);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => checkTemplateSyntax(item, [...path, i], ctx));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) checkTemplateSyntax(v, [...path, k], ctx);
}

function parseOrReport(text: string, path: readonly Segment[], ctx: CheckContext): Template | undefined {
  try {
    // Scenarios repeat the same templates ("{{ orderId }}" in every step): each text is parsed once.
    return cachedTemplate(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    report(
      ctx,
      path,
      {
        code: error.code,
        message: `Invalid expression: ${error.message}`,
        expected: 'a {{ expression }} such as {{ orderId }} or {{ qty * 2 }}',
        hint: error.hint,
      },
      { columnOffset: columnShift(ctx, path) + (error.offset ?? 0) },
    );
    return undefined;
  }
}

function checkTemplate(text: string, path: readonly Segment[], scope: Scope, ctx: CheckContext): void {
  const template = parseOrReport(text, path, ctx);
  if (!template) return;
  const analysis = analyzeTemplate(template);
  for (const problem of analysis.callProblems)
    report(
      ctx,
      path,
      {
        code: 'REHEARSE_EXPR_ARGUMENTS',
        message: problem.message,
        expected: 'arguments as the function takes them (docs/expressions.md, "Functions")',
        hint: problem.hint,
      },
      at(ctx, path, problem.offset),
    );
  for (const ref of analysis.names) {
    if (ref.called) {
      if (FUNCTION_NAMES.includes(ref.name) || scope.has(ref.name)) continue;
      report(
        ctx,
        path,
        {
          code: 'REHEARSE_UNKNOWN_FUNCTION',
          message: `Unknown function "${ref.name}".`,
          expected: `one of ${FUNCTION_NAMES.join(', ')}`,
          hint: suggestionHint(ref.name, FUNCTION_NAMES, 'function'),
        },
        at(ctx, path, ref.offset),
      );
      continue;
    }
    if (ref.name === 'env' && ref.member !== undefined && !ctx.index.exposedEnv.includes(ref.member)) {
      report(
        ctx,
        path,
        {
          code: 'REHEARSE_ENV_NOT_EXPOSED',
          message: `env.${ref.member} is not exposed by the environment.`,
          expected: ctx.index.exposedEnv.length
            ? `one of ${ctx.index.exposedEnv.map((e) => `env.${e}`).join(', ')}`
            : 'no environment variables are exposed',
          hint: `Add ${ref.member} to the environment's "expose" list in rehearse.config.yaml.`,
        },
        at(ctx, path, ref.offset),
      );
      continue;
    }
    if (scope.has(ref.name) || BUILTIN_NAMES.includes(ref.name) || FUNCTION_NAMES.includes(ref.name)) continue;
    if (ref.guarded) {
      // `name ?? default` is how a name that may be unset is read (docs/expressions.md); only a
      // near miss of a known name is worth a word, and only as a warning.
      if (didYouMean(ref.name, known(scope)) !== undefined)
        report(
          ctx,
          path,
          {
            code: 'REHEARSE_UNKNOWN_NAME',
            severity: 'warning',
            message: `Unknown variable "${ref.name}", read with a "??" default: the default is always used.`,
            expected: `a name defined before this point: ${known(scope).join(', ')}`,
            hint: suggestionHint(ref.name, known(scope), 'name'),
          },
          at(ctx, path, ref.offset),
        );
      continue;
    }
    report(
      ctx,
      path,
      {
        code: 'REHEARSE_UNKNOWN_NAME',
        message: `Unknown variable "${ref.name}".`,
        expected: `a name defined before this point: ${known(scope).join(', ')}`,
        hint: ref.name === '$' ? ROOT_IN_EXPRESSION_HINT : suggestionHint(ref.name, known(scope), 'name'),
      },
      at(ctx, path, ref.offset),
    );
  }
}

/** Checks an `expect` spec: matcher names and argument shapes, and templates in expected values. */
export function checkExpectSpec(
  spec: unknown,
  path: readonly Segment[],
  scope: Scope,
  ctx: CheckContext,
  _kind: StepKindName,
): void {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return;
  for (const issue of lintExpectation(spec as Record<string, unknown>)) {
    const key = issue.code === 'REHEARSE_UNKNOWN_MATCHER';
    report(
      ctx,
      [...path, ...issue.path],
      { code: issue.code, message: issue.message, expected: issue.expected, hint: issue.hint },
      { key },
    );
  }
  checkSchemaNames(spec as Record<string, unknown>, path, ctx);
  checkTemplates(spec, path, scope, ctx);
}

/**
 * `schema: Name` (the whole result) and `{ schema: Name }` matchers name a data schema in
 * `schemas/data/<Name>.schema.json` (`REHEARSE_UNKNOWN_SCHEMA`, with a did-you-mean).
 */
function checkSchemaNames(spec: Record<string, unknown>, path: readonly Segment[], ctx: CheckContext): void {
  for (const [key, expected] of Object.entries(spec)) {
    if (key === 'schema') checkSchemaName(expected, [...path, key], ctx);
    else if (isMatcherObject(expected) && 'schema' in expected)
      checkSchemaName(expected.schema, [...path, key, 'schema'], ctx);
  }
}

function checkSchemaName(name: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (typeof name !== 'string' || isDynamic(name) || ctx.index.dataSchemaNames.includes(name)) return;
  report(ctx, path, {
    code: 'REHEARSE_UNKNOWN_SCHEMA',
    message: `Unknown data schema "${name}".`,
    expected: ctx.index.dataSchemaNames.length
      ? `one of ${ctx.index.dataSchemaNames.join(', ')} (schemas/data/<Name>.schema.json)`
      : 'a schema in schemas/data/<Name>.schema.json',
    hint: suggestionHint(name, ctx.index.dataSchemaNames, 'schema'),
  });
}

/** Where a problem at `offset` in the template at `path` is, as `report`'s column offset. */
function at(ctx: CheckContext, path: readonly Segment[], offset: number): { columnOffset: number } {
  return { columnOffset: columnShift(ctx, path) + offset };
}

/** The names an expression may read at a point, for a problem's message (only a problem lists them). */
function known(scope: Scope): string[] {
  return [...scope, ...BUILTIN_NAMES];
}

/** A quoted scalar starts one column before its text. */
function columnShift(ctx: CheckContext, path: readonly Segment[]): number {
  const { line, column } = ctx.source.locate(path);
  const ch = ctx.source.text.split('\n')[line - 1]?.[column - 1];
  return ch === '"' || ch === "'" ? 1 : 0;
}
