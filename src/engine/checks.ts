import { formatDuration } from '../core/duration.js';
import { getPath } from '../core/json-path.js';
import { checkExpectations, type CheckResult } from '../matchers/index.js';
import type { SaveSpec } from '../schema/index.js';
import type { StepContext } from './context.js';
import { renderValue } from './evaluate.js';
import { noteVariable } from './secret-variables.js';

/** Renders the expected values (they may hold `{{ }}`) and checks them against the subject. */
export function checkSubject(
  subject: unknown,
  spec: Readonly<Record<string, unknown>>,
  ctx: StepContext,
  schemaTarget?: string,
): CheckResult[] {
  if (Object.keys(spec).length === 0) return [];
  const rendered = renderValue(spec, ctx) as Record<string, unknown>;
  return checkExpectations(subject, rendered, {
    schemaCheck: ctx.engine.validateSchema,
    ...(schemaTarget ? { schemaTarget } : {}),
  });
}

export function durationCheck(actualMs: number, limitMs: number, limit: string): CheckResult {
  const passed = actualMs <= limitMs;
  return {
    path: 'maxDuration',
    matcher: 'maxDuration',
    expected: limit,
    actual: `${Math.round(actualMs)}ms`,
    passed,
    message: passed
      ? `took ${formatDuration(actualMs)}`
      : `took ${formatDuration(actualMs)}, more than maxDuration ${limit}`,
  };
}

/** How `save` reads a path: JSON paths by default; EDI steps read X12 queries. */
export type PathReader = (subject: unknown, path: string) => { found: boolean; value?: unknown; error?: string };

/**
 * Captures `save` paths from the subject; a missing path is a failed check naming it. A value
 * saved from a sensitive field, into a secret variable, or that already is a secret, is a secret
 * of the run under its new name (`noteVariable`).
 */
export function saveFromSubject(
  subject: unknown,
  save: SaveSpec | undefined,
  ctx: StepContext,
  read: PathReader = getPath,
): { saved: Record<string, unknown>; checks: CheckResult[] } {
  const saved: Record<string, unknown> = {};
  const checks: CheckResult[] = [];
  for (const [name, path] of Object.entries(save ?? {})) {
    const { found, value, error } = read(subject, path);
    if (!found) {
      const keys = subject && typeof subject === 'object' ? Object.keys(subject).join(', ') : typeof subject;
      checks.push({
        path,
        matcher: 'save',
        expected: `a value at ${path}`,
        actual: undefined,
        passed: false,
        message: `save ${name}: nothing at "${path}" in the result (${error ?? `it has: ${keys}`})`,
      });
      continue;
    }
    saved[name] = value;
    noteVariable(ctx, name, value, { path });
    ctx.scope.assign(name, value);
  }
  return { saved, checks };
}
