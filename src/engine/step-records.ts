import type { StepResult } from './results.js';

/** How many steps of one scenario run keep their exchanges and passing checks whatever happens. */
export const FULL_STEP_RECORDS = 1_000;

/**
 * How much of a passing step a scenario run keeps. The first `full` steps that recorded
 * something (an exchange or a check) keep it all; past them, a passing step keeps its title,
 * status, timing, saves and documents, and its exchanges and passing checks become counts
 * (`StepResult.trimmed`) — so a scenario of thousands of requests (a soak, a burst) holds and
 * writes about 0.3 KiB per step instead of several, and every step is still listed. A step that
 * failed or errored is always kept whole: its evidence is what a reader needs.
 *
 * One per phase of a scenario run (its steps, its cleanup), shared by the tenants it acts as.
 */
export class StepRecords {
  private recorded = 0;

  /** `full`: how many steps keep everything (default `FULL_STEP_RECORDS`). */
  constructor(readonly full: number = FULL_STEP_RECORDS) {}

  /**
   * Whether a step with this status, and this many checks and exchanges, keeps them all: while
   * the budget lasts or when it did not pass (counting it against the budget); else it keeps none
   * of them, only their counts (`StepResult.trimmed`). A step that recorded nothing keeps nothing
   * and spends no budget.
   */
  keepsWhole(status: StepResult['status'], checks: number, exchanges: number): boolean {
    if (checks === 0 && exchanges === 0) return true;
    if (status === 'failed' || status === 'errored' || this.recorded < this.full) {
      this.recorded++;
      return true;
    }
    return false;
  }
}
