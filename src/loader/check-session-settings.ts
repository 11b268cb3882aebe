import { parsePath } from '../core/json-path.js';
import { suggestionHint } from '../core/did-you-mean.js';
import { SECRET_REF_PATTERN } from '../core/secret-ref.js';
import { isSensitiveName } from '../core/sensitive-name.js';
import type { AuthConfig, DefaultHeaders } from '../schema/index.js';
import { checkArguments } from './check-arguments.js';
import { report, type CheckContext, type Scope, type Segment } from './check-context.js';
import { checkTemplates } from './template-checks.js';

const SECRET_REF = new RegExp(SECRET_REF_PATTERN);

/**
 * A tenant's `auth` (in its profile or an environment's override) where it names more than
 * secrets — `type: login`: the action exists (`REHEARSE_UNKNOWN_ACTION`, with a did-you-mean),
 * `with:` gives it known and required parameters, a credential (a parameter declared
 * `secret: true` or named like one, `password`) is a secret reference, never a literal
 * (`REHEARSE_LITERAL_SECRET`), and a body `path` is well-formed (`REHEARSE_INVALID_PATH`).
 */
export function checkLoginAuth(auth: AuthConfig | undefined, path: readonly Segment[], ctx: CheckContext): void {
  if (auth?.type !== 'login') return;
  const entry = ctx.index.actions.get(auth.action);
  if (!entry) {
    report(ctx, [...path, 'action'], {
      code: 'REHEARSE_UNKNOWN_ACTION',
      message: `Unknown action "${auth.action}" for the tenant's login.`,
      expected: 'an action defined in scenarios/actions/*.yaml',
      hint: suggestionHint(auth.action, [...ctx.index.actions.keys()], 'action'),
    });
  } else if (!entry.action.api) {
    report(ctx, [...path, 'action'], {
      code: 'REHEARSE_ACTION_LACKS_DRIVER',
      message: `The tenant's login action "${auth.action}" (${entry.origin.file}:${entry.origin.line}) has no "api:" implementation: a token comes from requests.`,
      expected: 'an action with an "api:" implementation',
      hint: `Add "api:" with the login request to action "${auth.action}" (a "ui:" login belongs in the config's ui.login).`,
    });
  } else {
    checkArguments(entry.action.params ?? {}, auth.with, path, `action "${auth.action}"`, ctx);
    for (const [name, value] of Object.entries(auth.with ?? {})) {
      const declared = entry.action.params?.[name]?.secret === true;
      if (!(declared || isSensitiveName(name)) || (typeof value === 'string' && SECRET_REF.test(value))) continue;
      report(ctx, [...path, 'with', name], {
        code: 'REHEARSE_LITERAL_SECRET',
        message: `The login's "${name}" is written into the file: a credential must be a secret reference.`,
        expected: 'env:NAME or file:path',
        hint: `Write ${name}: env:SOME_VARIABLE (set in CI's secrets) or ${name}: file:secrets/${name}.txt (kept out of version control).`,
      });
    }
  }
  if (auth.token.from === 'body') {
    const parsed = parsePath(auth.token.path);
    if (!parsed.ok)
      report(ctx, [...path, 'token', 'path'], {
        code: 'REHEARSE_INVALID_PATH',
        message: `Failed to read the path "${auth.token.path}": ${parsed.message}.`,
        expected: 'a path into the body such as data.login.token or token',
      });
  }
}

/**
 * The `{{ }}` in the values of a `headers:` map use names that exist there (`scope`, plus
 * `tenant`, `env`, `run`); secret references are resolved when the run starts.
 */
export function checkDefaultHeaders(
  headers: DefaultHeaders | undefined,
  path: readonly Segment[],
  scope: Scope,
  ctx: CheckContext,
): void {
  for (const [name, value] of Object.entries(headers ?? {}))
    if (!SECRET_REF.test(value)) checkTemplates(value, [...path, name], scope, ctx);
}
