import { REDACTED } from '../core/redactor.js';
import { stringifyJson } from '../core/stringify-json.js';
import type { CheckOutcome } from './results.js';
import type { StepContext } from './context.js';

/**
 * Called whenever a name is bound (`vars`, `save`, `set`, an action or fragment parameter):
 * the value becomes a secret of the run, and the variable one whose value is hidden by name,
 * when it is declared secret (`secrets:` of the scenario, `secret: true` of a parameter), its
 * name looks sensitive (`adminPassword`, `jwt`), it was read from a sensitive field
 * (`save: { t: body.accessToken }`), or its value already is a registered secret (a secret
 * stays one under its new name).
 *
 * @example
 * noteVariable(ctx, 'jwt', token, { path: 'body.accessToken' })
 */
export function noteVariable(
  ctx: StepContext,
  name: string,
  value: unknown,
  options: { declared?: boolean; path?: string } = {},
): void {
  const redactor = ctx.engine.redactor;
  const secret =
    options.declared === true ||
    redactor.isSecretVariable(name) ||
    redactor.isSensitiveField(name) ||
    (options.path !== undefined && isSensitivePath(options.path, ctx)) ||
    redactor.isSecret(value);
  if (!secret) return;
  redactor.declareSecretVariable(name);
  redactor.addSecretsIn(value);
}

/**
 * A check whose subject is a secret (its path names a sensitive field or a secret variable, or
 * the actual value is a registered secret) shows `[REDACTED]` as the actual value and in its
 * message — also when the value is too short to be masked by value.
 */
export function maskSecretCheck(check: CheckOutcome, ctx: StepContext): CheckOutcome {
  if (check.actual === undefined || check.actual === null || check.actual === REDACTED) return check;
  const secret =
    isSensitivePath(check.path, ctx) ||
    ctx.engine.redactor.isSecretVariable(pathNames(check.path)[0] ?? '') ||
    ctx.engine.redactor.isSecret(check.actual);
  if (!secret) return check;
  return { ...check, actual: REDACTED, message: maskGot(check.message, check.actual) };
}

/** `saved` as the report shows it: variables holding a secret are hidden by name. */
export function maskSecretSaved(saved: Record<string, unknown>, ctx: StepContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(saved))
    out[name] = ctx.engine.redactor.isSecretVariable(name) && value !== undefined ? REDACTED : value;
  return out;
}

/** The last named segment of a path (`body.items[0].accessToken` → `accessToken`) looks sensitive. */
function isSensitivePath(path: string, ctx: StepContext): boolean {
  const last = pathNames(path).at(-1);
  return last !== undefined && ctx.engine.redactor.isSensitiveField(last);
}

/** `pathNames` of the paths seen so far: the same check and save paths come back on every run. */
const namesOfPaths = new Map<string, readonly string[]>();

/** The names of a path, without indices and wildcards: `a.b[0]["c-d"].*` → `a`, `b`, `c-d`. */
function pathNames(path: string): readonly string[] {
  let names = namesOfPaths.get(path);
  if (!names) {
    names = path
      .split(/\.|\[|\]/)
      .map((part) => part.replace(/^["']|["']$/g, ''))
      .filter((part) => part !== '' && part !== '*' && !/^-?\d+$/.test(part));
    if (namesOfPaths.size >= 5000) namesOfPaths.clear();
    namesOfPaths.set(path, names);
  }
  return names;
}

/** Messages end `…, got <actual>` (see `checkExpectations`): replace what follows `got`. */
function maskGot(message: string, actual: unknown): string {
  const shown = stringifyJson(actual);
  const suffix = shown === undefined ? undefined : `, got ${shown}`;
  if (suffix && message.endsWith(suffix)) return `${message.slice(0, -suffix.length)}, got ${REDACTED}`;
  const at = message.indexOf(', got ');
  return at < 0 ? message : `${message.slice(0, at)}, got ${REDACTED}`;
}
