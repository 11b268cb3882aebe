import { suggestionHint } from '../core/did-you-mean.js';
import type { RehearseConfig } from '../schema/index.js';
import { report, type CheckContext } from './check-context.js';

/** The parameters the ui driver passes to the login action, when the action declares them. */
export const UI_LOGIN_PARAMS = ['tenant', 'username', 'password'] as const;

/**
 * The config's `ui.login` names an action that exists (`REHEARSE_UNKNOWN_ACTION`, with a
 * did-you-mean), has a `ui:` implementation — it runs in the browser whose storage state the ui
 * tests reuse (`REHEARSE_ACTION_LACKS_DRIVER`) — and requires no parameter besides
 * `tenant`, `username` and `password` (`REHEARSE_MISSING_PARAMETER`). Positions: `ui.login`.
 */
export function checkUiLogin(config: RehearseConfig, ctx: CheckContext): void {
  const name = config.ui?.login;
  if (name === undefined) return;
  const entry = ctx.index.actions.get(name);
  if (!entry) {
    report(ctx, ['ui', 'login'], {
      code: 'REHEARSE_UNKNOWN_ACTION',
      message: `Unknown action "${name}" for the ui driver's login.`,
      expected: 'an action defined in scenarios/actions/*.yaml with a ui: implementation',
      hint: suggestionHint(name, [...ctx.index.actions.keys()], 'action'),
    });
    return;
  }
  if (!entry.action.ui) {
    report(ctx, ['ui', 'login'], {
      code: 'REHEARSE_ACTION_LACKS_DRIVER',
      message: `The ui login action "${name}" (${entry.origin.file}:${entry.origin.line}) has no "ui:" implementation: it must sign in the browser whose session the ui tests reuse.`,
      expected: 'an action with a "ui:" implementation',
      hint: `Add "ui:" steps that sign in (goto the sign-in screen, fill username and password, submit) to action "${name}".`,
    });
    return;
  }
  for (const [param, spec] of Object.entries(entry.action.params ?? {})) {
    if ((UI_LOGIN_PARAMS as readonly string[]).includes(param) || !spec.required || spec.default !== undefined)
      continue;
    report(ctx, ['ui', 'login'], {
      code: 'REHEARSE_MISSING_PARAMETER',
      message: `The ui login action "${name}" requires parameter "${param}", which the ui driver does not pass: it passes ${UI_LOGIN_PARAMS.join(', ')}.`,
      expected: `an action whose required parameters are among ${UI_LOGIN_PARAMS.join(', ')}`,
      hint: `Give "${param}" a default, or make it optional.`,
    });
  }
}
