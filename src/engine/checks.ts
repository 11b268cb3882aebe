import { describeBody, type BodyHeaders } from '../core/body-kind.js';
import { formatDuration } from '../core/duration.js';
import { getPath, reachPath } from '../core/json-path.js';
import { checkExpectations, pathSegments, type CheckResult } from '../matchers/index.js';
import type { SaveSpec } from '../schema/index.js';
import type { StepContext } from './context.js';
import { renderValue } from './evaluate.js';
import { noteVariable } from './secret-variables.js';

/**
 * Renders the expected values (they may hold `{{ }}`) and checks them against the subject.
 * `asWritten`: the caller knows `spec` holds no `{{ }}` (a step's plan), so rendering it would
 * only copy it.
 */
export function checkSubject(
  subject: unknown,
  spec: Readonly<Record<string, unknown>>,
  ctx: StepContext,
  schemaTarget?: string,
  asWritten = false,
): CheckResult[] {
  if (Object.keys(spec).length === 0) return [];
  const rendered = asWritten ? spec : (renderValue(spec, ctx) as Record<string, unknown>);
  const results = checkExpectations(subject, rendered, {
    schemaCheck: ctx.engine.validateSchema,
    ...(schemaTarget ? { schemaTarget } : {}),
  });
  return results.map((result) => (result.passed ? result : explainUnreadable(subject, result)));
}

/**
 * A check that failed because what it reads is a string that is not JSON (an
 * HTML error page, a truncated or compressed body) says so and shows the
 * string's start, instead of "the path does not exist".
 */
function explainUnreadable(subject: unknown, result: CheckResult): CheckResult {
  // A top-level `schema` reads `schemaTarget` (its check's path), or the whole subject: "(result)".
  const path = result.matcher === 'schema' && result.path === '(result)' ? '' : result.path;
  const why = unreadableAt(subject, path, {
    structureExpected:
      result.matcher === 'schema' ||
      (result.matcher === 'subset' && typeof result.expected === 'object' && result.expected !== null),
  });
  if (!why) return result;
  const message = result.message.includes('nothing (the path does not exist)')
    ? result.message.replace('nothing (the path does not exist)', `nothing: ${why}`)
    : `${result.message} — ${why}`;
  return { ...result, message };
}

/**
 * Why `path` cannot be read in `subject`, when the reason is a string in the
 * way: the body (described with the response's headers), the whole result
 * (an action that returned a body that was not JSON), or a variable holding
 * such a body. Undefined when the path reads fine or fails for another reason.
 */
function unreadableAt(subject: unknown, path: string, options: { structureExpected: boolean }): string | undefined {
  const reach = reachPath(subject, path);
  if (typeof reach.value !== 'string') return undefined;
  if (reach.complete && !options.structureExpected) return undefined;
  const headers = reach.reached === 'body' ? bodyHeaders(subject) : {};
  const what = reach.reached === '' ? 'the result' : reach.reached === 'body' ? 'the body' : `"${reach.reached}"`;
  const description = describeBody(reach.value, headers, what);
  // A plain string deep in a JSON body is an ordinary value; say more only for the body itself or a body-like string.
  if (reach.reached !== '' && reach.reached !== 'body' && (description.kind === 'text' || description.kind === 'empty'))
    return undefined;
  return description.summary;
}

/**
 * The headers that tell what a request step's body is. A body the driver handed over was
 * decoded already (the driver fails the step when it cannot be), so its Content-Encoding says
 * nothing about the text: it is left out.
 */
function bodyHeaders(subject: unknown): BodyHeaders {
  const headers = (subject as { headers?: Record<string, unknown> } | null)?.headers ?? {};
  const type = headers['content-type'];
  return typeof type === 'string' ? { 'content-type': type } : {};
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
    // JSON paths are parsed once per distinct text, not on every run of the step.
    const { found, value, error }: ReturnType<PathReader> =
      read === getPath ? getPath(subject, pathSegments(path) ?? path) : read(subject, path);
    if (!found) {
      const unreadable = read === getPath ? unreadableAt(subject, path, { structureExpected: false }) : undefined;
      const keys = subject && typeof subject === 'object' ? Object.keys(subject).join(', ') : typeof subject;
      checks.push({
        path,
        matcher: 'save',
        expected: `a value at ${path}`,
        actual: undefined,
        passed: false,
        message: unreadable
          ? `save ${name}: nothing at "${path}": ${unreadable}`
          : `save ${name}: nothing at "${path}" in the result (${error ?? `it has: ${keys}`})`,
      });
      continue;
    }
    saved[name] = value;
    noteVariable(ctx, name, value, { path });
    ctx.scope.assign(name, value);
  }
  return { saved, checks };
}
