import type { TestInfo } from '@playwright/test';
import { CLEANUP_SETTLE_MS, DEFAULT_CLEANUP_BUDGET_MS } from '../engine/cleanup-budget.js';
import type { RunOptions } from './run-options.js';

/** What closing a scenario's API clients may add after its cleanup, ms. */
const CLOSE_MS = 5000;

/** `timeouts.cleanup` of the run, ms. */
export function cleanupBudgetMs(options: Pick<RunOptions, 'cleanupTimeoutMs'>): number {
  return options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_BUDGET_MS;
}

/**
 * Timeout of the `rehearse` fixture, whose teardown runs a cut-off scenario's
 * cleanup (Playwright gives a fixture with its own `timeout` a time slot
 * separate from the test's). The cleanup budget itself is enforced inside
 * (`CleanupBudget`); this only keeps Playwright from cutting it shorter.
 */
export function teardownTimeoutMs(options: Pick<RunOptions, 'cleanupTimeoutMs'>): number {
  return cleanupBudgetMs(options) + CLEANUP_SETTLE_MS + CLOSE_MS;
}

/**
 * Gives the test the cleanup budget on top of its timeout before the test body
 * runs cleanup, so a scenario whose steps ended in time is not reported as
 * timed out because of its cleanup (the budget bounds it). Only while the
 * body is still the test's running part (status `passed`): once Playwright
 * timed it out or interrupted it, cleanup runs in the fixture's own slot.
 * Playwright API: `testInfo.setTimeout` (0 = no timeout).
 */
export function allowCleanupTime(testInfo: TestInfo, options: RunOptions): void {
  if (testInfo.status !== 'passed' || testInfo.timeout === 0) return;
  testInfo.setTimeout(testInfo.timeout + cleanupBudgetMs(options) + CLEANUP_SETTLE_MS);
}

/** Marks an interrupted test in the reports (HTML annotation, JUnit property). */
export function noteInterrupted(testInfo: TestInfo): void {
  if (testInfo.status !== 'interrupted') return;
  testInfo.annotations.push({
    type: 'interrupted',
    description: `the run was stopped (SIGINT, SIGTERM or its launcher gone) before this scenario ended; its cleanup ran within timeouts.cleanup`,
  });
}
