// judgeSummary: the business summary's headline follows the same rules as `rehearse run`'s exit
// code (src/cli/verdict.ts) — nothing executed is never "passed", a run that did not finish is
// failed, a gate turns its warning into a reason, a merge with missing shards is incomplete.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeSummary } from '../../src/report/index.js';
import type { BusinessSummary } from '../../src/schema/index.js';

const RUN: BusinessSummary['run'] = {
  id: 'r',
  environment: 'staging',
  seed: '1',
  startedAt: '2026-12-04T00:00:00.000Z',
  durationMs: 1,
  status: 'passed',
};
const breach = {
  tenant: 'standard',
  action: 'order.create',
  objective: 'p95' as const,
  target: 800,
  actual: 950,
  samples: 20,
};

function judge(
  totals: Partial<BusinessSummary['totals']>,
  extra: { run?: Partial<BusinessSummary['run']>; breaches?: number; failOnSlo?: boolean; failOnFlaky?: boolean } = {},
) {
  const all = { tests: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, ...totals };
  all.tests = totals.tests ?? all.passed + all.failed + all.flaky + all.skipped;
  return judgeSummary(
    { run: { ...RUN, ...extra.run }, totals: all, tests: [], sloBreaches: Array(extra.breaches ?? 0).fill(breach) },
    { failOnSlo: extra.failOnSlo ?? false, failOnFlaky: extra.failOnFlaky ?? false },
  );
}

test('tests that ran and passed: passed, with no reason', () => {
  assert.deepEqual(judge({ passed: 3 }), {
    result: 'passed',
    reasons: [],
    warnings: [],
    gates: { failOnSlo: false, failOnFlaky: false },
  });
});

test('nothing selected, or every test skipped, is nothing tested — never passed', () => {
  assert.equal(judge({}).result, 'nothing-tested');
  assert.deepEqual(judge({}).reasons, ['no test was selected or run']);
  assert.equal(judge({ skipped: 4 }).result, 'nothing-tested');
  assert.deepEqual(judge({ skipped: 4 }).reasons, ['no test executed: 4 of 4 skipped']);
});

test('a run that did not finish is failed even when no test failed', () => {
  const interrupted = judge({ passed: 2, skipped: 1 }, { run: { status: 'interrupted' } });
  assert.equal(interrupted.result, 'failed');
  assert.deepEqual(interrupted.reasons, ['the run was interrupted before it finished']);
  assert.equal(judge({ passed: 2 }, { run: { status: 'timedout' } }).result, 'failed');
  // A reporter or global teardown failed the run: Playwright's status says so, the tests do not.
  assert.match(judge({ passed: 2 }, { run: { status: 'failed' } }).reasons[0]!, /outside the tests/);
});

test('a failed test is the reason; Playwright\'s "failed" status is not said twice', () => {
  assert.deepEqual(judge({ passed: 1, failed: 2 }, { run: { status: 'failed' } }).reasons, ['2 test(s) failed']);
});

test('a flaky pass and an SLO breach are warnings, and reasons with their gates', () => {
  const warned = judge({ passed: 1, flaky: 1 }, { breaches: 2 });
  assert.equal(warned.result, 'passed');
  assert.deepEqual(warned.warnings, ['1 test(s) passed only after a retry (flaky)', '2 SLO breach(es)']);
  const gated = judge({ passed: 1, flaky: 1 }, { breaches: 2, failOnSlo: true, failOnFlaky: true });
  assert.equal(gated.result, 'failed');
  assert.deepEqual(gated.reasons, [
    '1 test(s) passed only after a retry (flaky), and --fail-on-flaky fails the run',
    '2 SLO breach(es), and --fail-on-slo fails the run',
  ]);
  assert.deepEqual(gated.warnings, []);
});

test('a merge with missing shards is incomplete unless something failed', () => {
  const partial = judge({ passed: 2 }, { run: { shards: 3, missingShards: [2, 3] } });
  assert.equal(partial.result, 'incomplete');
  assert.deepEqual(partial.reasons, ['shard(s) 2, 3 of 3 missing from the merge: their tests were not seen']);
  assert.equal(judge({ failed: 1 }, { run: { shards: 3, missingShards: [3], status: 'failed' } }).result, 'failed');
  // Only missing shards, nothing seen: incomplete says more than nothing tested.
  assert.equal(judge({}, { run: { shards: 2, missingShards: [1, 2] } }).result, 'incomplete');
});
