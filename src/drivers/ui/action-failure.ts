import type { Locator } from '@playwright/test';
import { formatDuration } from '../../core/duration.js';
import { describeLocator } from '../../engine/ui-describe.js';
import type { UiLocator } from '../../schema/index.js';
import type { OperationContext } from './operation-context.js';
import { countNow, firstLine, lastCallLogLine } from './playwright-error.js';
import { UiFailure } from './ui-failure.js';

/** Why an action on a locator failed, in the YAML's terms: nothing found, several found, or not actionable. */
export async function actionFailure(
  error: unknown,
  target: Locator,
  locator: UiLocator,
  verb: string,
  oc: OperationContext,
): Promise<UiFailure> {
  if (error instanceof UiFailure) return error;
  const described = describeLocator(locator, oc.render);
  const count = await countNow(target);
  const message = error instanceof Error ? error.message : String(error);
  if (count === 0)
    return new UiFailure({
      code: 'REHEARSE_UI_NOT_FOUND',
      message: `Failed to ${verb} ${described}: no element matched it within ${formatDuration(oc.timeoutMs)}.`,
      hint: "Compare the locator with the page's accessible snapshot: roles and names are what a screen reader hears.",
      locator,
    });
  if (count > 1 && /strict mode violation/i.test(message))
    return new UiFailure({
      code: 'REHEARSE_UI_AMBIGUOUS',
      message: `Failed to ${verb} ${described}: ${count} elements match it, and an action needs one.`,
      hint: 'Narrow it: exact: true, a filter (hasText), within, or nth/first/last.',
      locator,
    });
  const why =
    (count === 1 ? await stateNow(target) : undefined) ??
    `Playwright gave up: ${lastCallLogLine(error) ?? firstLine(error)}`;
  return new UiFailure({
    code: 'REHEARSE_UI_ACTION_FAILED',
    message: `Failed to ${verb} ${described}: it was found, but ${why} (waited ${formatDuration(oc.timeoutMs)}).`,
    hint: 'The element must be visible, enabled and stable to be acted on; the accessible snapshot shows its state.',
    locator,
  });
}

/**
 * Why a found element could not be acted on, read from its state now (Playwright's actionability
 * checks: visible, enabled); undefined when it looks actionable (then it was not stable, or
 * something covered it, and Playwright's call log says which).
 */
async function stateNow(target: Locator): Promise<string | undefined> {
  try {
    if (!(await target.isVisible())) return 'it is not visible';
    if (!(await target.isEnabled({ timeout: 500 }))) return 'it is disabled';
  } catch {
    // Gone or detached meanwhile: the call log is the better witness.
  }
  return undefined;
}
