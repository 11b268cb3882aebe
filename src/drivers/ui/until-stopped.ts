import { DeadlineReason } from '../../core/network-error.js';
import { stepAbort, type StepAbort } from '../../engine/step-failure.js';

/**
 * `work`, unless `signal` aborts first: an `eventually` block's `within` that passes (its
 * `DeadlineReason` gives the code and hint, as a request cut short gets) or the run being
 * interrupted — then the step errors at once instead of waiting out its own timeout. Playwright
 * cannot cancel a wait in flight; it ends by its own timeout, and what it resolves to is dropped.
 */
export async function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    throw stopped(signal);
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(stopped(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    work.catch(() => undefined);
    aborted.catch(() => undefined);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function stopped(signal: AbortSignal): StepAbort {
  const reason: unknown = signal.reason;
  if (reason instanceof DeadlineReason)
    return stepAbort(reason.code, `Failed to finish the ui step: ${reason.what} passed.`, reason.hint);
  return stepAbort('REHEARSE_INTERRUPTED', 'Failed to finish the ui step: the run was stopped.');
}
