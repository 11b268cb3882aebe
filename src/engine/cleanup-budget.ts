import { formatDuration } from '../core/duration.js';
import type { StepError, StepResult } from './results.js';

/** Default of `timeouts.cleanup`, ms. */
export const DEFAULT_CLEANUP_BUDGET_MS = 30_000;

/** Once the budget is used up, how long a running step gets to end on its aborted signal, ms. */
export const CLEANUP_SETTLE_MS = 1000;

/**
 * The time a scenario's cleanup may take (`timeouts.cleanup`), counted from
 * the moment cleanup starts, so that a scenario never runs longer than its
 * timeout plus this budget — after a pass, a failure, a timeout or an
 * interrupt alike. When it runs out, `signal` aborts (in-flight requests of
 * cleanup steps stop), a step that does not end within `CLEANUP_SETTLE_MS`
 * is left behind, and the steps it cut off or never started are reported as
 * errored with `REHEARSE_CLEANUP_BUDGET`.
 */
export class CleanupBudget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly budgetMs: number = DEFAULT_CLEANUP_BUDGET_MS) {
    this.timer = setTimeout(() => this.controller.abort(), budgetMs);
    this.timer.unref();
  }

  /** Aborts when the budget is used up. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get usedUp(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Runs one cleanup step. Resolves with its result — marked as cut off when the
   * budget ran out while it ran — or, when it did not end within
   * `CLEANUP_SETTLE_MS` after that, with `fallback` marked the same way.
   */
  async run(work: Promise<StepResult>, fallback: () => StepResult): Promise<StepResult> {
    let settle: NodeJS.Timeout | undefined;
    let start: (() => void) | undefined;
    const late = new Promise<undefined>((resolve) => {
      start = () => {
        settle = setTimeout(() => resolve(undefined), CLEANUP_SETTLE_MS);
        settle.unref();
      };
      if (this.usedUp) start();
      else this.signal.addEventListener('abort', start, { once: true });
    });
    try {
      const result = await Promise.race([work, late]);
      if (!result) return this.cutOff(fallback(), true);
      // Whatever it reports, a step that ended after the budget ran out was cut short (a `wait` ends early and passes).
      return this.usedUp ? this.cutOff(result, true) : result;
    } finally {
      if (start) this.signal.removeEventListener('abort', start);
      if (settle) clearTimeout(settle);
    }
  }

  /** A step that did not start because the budget was used up. */
  notRun(result: StepResult): StepResult {
    return this.cutOff(result, false);
  }

  private cutOff(result: StepResult, started: boolean): StepResult {
    const budget = `the cleanup budget of ${formatDuration(this.budgetMs)} (timeouts.cleanup)`;
    const error: StepError = {
      code: 'REHEARSE_CLEANUP_BUDGET',
      message: started
        ? `Failed to finish cleanup step "${result.title}": ${budget} ran out, so it was cut off.`
        : `Failed to run cleanup step "${result.title}": ${budget} was used up by the steps before it.`,
      hint: 'The target may keep test data this step would have removed. Make the step faster, or raise timeouts.cleanup in rehearse.config.yaml.',
    };
    return { ...result, status: 'errored', error };
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
