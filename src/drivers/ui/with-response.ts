import { formatDuration } from '../../core/duration.js';
import type { UiWaitForResponse } from '../../schema/index.js';
import type { OperationContext } from './operation-context.js';
import { UiFailure } from './ui-failure.js';
import { urlMatchesGlob } from './url-glob.js';

/**
 * Runs an action with `waitForResponse` armed before it (so a fast response is not missed),
 * then waits for that response and checks its status.
 */
export async function withResponse(
  oc: OperationContext,
  wait: UiWaitForResponse | undefined,
  action: () => Promise<void>,
): Promise<void> {
  if (!wait) return action();
  const { render } = oc;
  const pattern =
    typeof wait.url === 'string' ? render(wait.url) : new RegExp(render(wait.url.matches), wait.url.flags);
  const method = wait.method?.toUpperCase();
  const shown = `${method ? `${method} ` : ''}${typeof pattern === 'string' ? pattern : String(pattern)}`;
  const waiting = oc.page.waitForResponse(
    (response) =>
      (typeof pattern === 'string' ? urlMatchesGlob(response.url(), pattern) : pattern.test(response.url())) &&
      (method === undefined || response.request().method() === method),
    { timeout: oc.timeoutMs },
  );
  // The action may fail first; its failure is the one to report.
  waiting.catch(() => undefined);
  await action();
  let response;
  try {
    response = await waiting;
  } catch {
    throw new UiFailure({
      code: 'REHEARSE_UI_NO_RESPONSE',
      message: `Failed to see a response to ${shown} within ${formatDuration(oc.timeoutMs)} of the action.`,
      hint: 'Check the URL glob (** spans path segments) and that the action sends that request.',
    });
  }
  if (wait.status !== undefined && response.status() !== wait.status)
    throw new UiFailure({
      code: 'REHEARSE_UI_RESPONSE_STATUS',
      message: `Failed: ${response.request().method()} ${oc.redactor.redactUrl(response.url())} answered ${response.status()}, expected ${wait.status}.`,
      hint: 'The target refused the action: the accessible snapshot of the page may say why.',
    });
}
