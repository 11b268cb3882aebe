import { suggestionHint } from '../core/did-you-mean.js';
import { report, type CheckContext } from './check-context.js';

/**
 * Every name a scenario lists under `secrets:` is a variable it sets (`vars`, `save`, `set`, or
 * what an included fragment saves). A misspelt name would leave the real variable unmasked in
 * every report, silently: `REHEARSE_UNKNOWN_NAME` at the list item, with a did-you-mean.
 */
export function checkSecretNames(
  declared: readonly string[] | undefined,
  defined: ReadonlySet<string>,
  ctx: CheckContext,
): void {
  (declared ?? []).forEach((name, i) => {
    if (defined.has(name)) return;
    report(ctx, ['secrets', i], {
      code: 'REHEARSE_UNKNOWN_NAME',
      message: `"${name}" is listed under secrets: but the scenario sets no variable of that name, so nothing would be masked.`,
      expected: 'the name of a variable from vars, save or set',
      hint: suggestionHint(name, [...defined], 'variable'),
    });
  });
}
