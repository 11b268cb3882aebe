import type { TestCase, TestResult } from '@playwright/test/reporter';

// A merge of shards (`rehearse report merge`) holds a tenant's setup and teardown once per shard
// that ran them: Playwright runs a project's dependencies in every shard whose tests need them
// (each machine needs the setup's variables), and its merge-reports keeps each shard's copy as a
// test of its own (another test id). The reporters count a test once whatever number of shards
// ran it: these are its copies.

/** One test of the run and every copy of it the reporter saw (one outside a merge). */
export interface TestCopies {
  /** The copy that stands for the test: the first whose last attempt is the worst (a failure wins). */
  test: TestCase;
  copies: TestCase[];
}

/**
 * A test's identity across shards: its project, title path and repeat index (unique within one
 * run, as Playwright requires). Playwright's `test.id` is not: the merge salts a repeated id.
 */
export function testIdentity(test: TestCase): string {
  return `${test.titlePath().join('\u0000')}\u0000${test.repeatEachIndex}`;
}

/**
 * Groups `tests` by `testIdentity`, in first-seen order. `lastResult` gives a copy's last
 * attempt (undefined when it never ran); the copy standing for the test is the worst one:
 * failed, timed out or interrupted, then passed, then skipped, then not run — so a setup that
 * failed in one shard and passed in another is a failure.
 */
export function testCopies(
  tests: readonly TestCase[],
  lastResult: (test: TestCase) => TestResult | undefined,
): TestCopies[] {
  const byIdentity = new Map<string, TestCase[]>();
  for (const test of tests) {
    const key = testIdentity(test);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), test]);
  }
  return [...byIdentity.values()].map((copies) => ({
    test: copies.reduce((worst, copy) =>
      rank(lastResult(copy)?.status) > rank(lastResult(worst)?.status) ? copy : worst,
    ),
    copies,
  }));
}

/** Higher is worse: what a test's copies come to. */
function rank(status: TestResult['status'] | undefined): number {
  switch (status) {
    case 'failed':
    case 'timedOut':
    case 'interrupted':
      return 3;
    case 'passed':
      return 2;
    case 'skipped':
      return 1;
    default:
      return 0;
  }
}
