// A merge of shards (`rehearse report merge`) holds a tenant's setup and teardown once per shard
// that ran them: Playwright runs a project's dependencies in every shard whose tests need them
// (each machine needs the setup's variables), and its merge-reports keeps each shard's copy as a
// test of its own (another test id). The reporters count a test once whatever number of shards
// ran it: these are its copies. Typed by what it reads of Playwright's `TestCase` and `TestResult`
// (src/report knows no runner), so the reporters in src/playwright and reporters/ share it.

/** What `testCopies` reads of a test: Playwright's `TestCase` has both. */
export interface CopiedTest {
  titlePath(): string[];
  repeatEachIndex: number;
}

/** What `testCopies` reads of an attempt: Playwright's `TestResult.status`. */
export type AttemptStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

/** One test of the run and every copy of it the reporter saw (one outside a merge). */
export interface TestCopies<T extends CopiedTest> {
  /** The copy that stands for the test: the first whose last attempt is the worst (a failure wins). */
  test: T;
  copies: T[];
}

/**
 * A test's identity across shards: its project, title path and repeat index (unique within one
 * run, as Playwright requires). Playwright's `test.id` is not: the merge salts a repeated id.
 */
export function testIdentity(test: CopiedTest): string {
  return `${test.titlePath().join('\u0000')}\u0000${test.repeatEachIndex}`;
}

/**
 * Groups `tests` by `testIdentity`, in first-seen order. `lastResult` gives a copy's last
 * attempt (undefined when it never ran); the copy standing for the test is the worst one:
 * failed, timed out or interrupted, then passed, then skipped, then not run — so a setup that
 * failed in one shard and passed in another is a failure.
 */
export function testCopies<T extends CopiedTest>(
  tests: readonly T[],
  lastResult: (test: T) => { status: AttemptStatus } | undefined,
): TestCopies<T>[] {
  const byIdentity = new Map<string, T[]>();
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
function rank(status: AttemptStatus | undefined): number {
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
