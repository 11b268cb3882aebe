import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tenantOfTest } from '../test-identity.js';
import type { FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { scenarioResultOf, summarizeSteps, type RunSummary, type TestSummary } from './run-summary.js';
import { testCopies } from '../../report/test-copies.js';

/**
 * A Playwright reporter `rehearse run` always adds: it writes what the CLI needs
 * for its verdict (see `RunSummary`) and warns on the console when a
 * scenario's cleanup failed. It never throws into the run: a reporter that
 * breaks must not break the run or the other reporters.
 *
 * Options: `{ outputFile: string }` (absolute path of the summary JSON).
 */
export default class RunSummaryReporter implements Reporter {
  private suite: Suite | undefined;
  /** By Playwright's test id: the last attempt and what it came to. */
  private readonly tests = new Map<string, { result: TestResult; summary: TestSummary }>();
  private readonly outputFile: string;

  constructor(options: { outputFile: string }) {
    this.outputFile = options.outputFile;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.suite = suite;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    try {
      const scenario = scenarioResultOf(result.attachments);
      const steps = summarizeSteps(scenario);
      const summary: TestSummary = {
        title: test.title,
        tenant: tenantOfTest(test),
        status: result.status,
        ...(test.outcome() === 'flaky' ? { flaky: true } : {}),
        ...steps,
      };
      this.tests.set(test.id, { result, summary });
      for (const problem of steps.cleanupProblems)
        process.stderr.write(`⚠ cleanup of "${test.title}" did not pass: ${problem}\n`);
    } catch (error) {
      process.stderr.write(`rehearse: the run summary could not read "${test.title}": ${String(error)}\n`);
    }
  }

  onEnd(result: FullResult): void {
    let summary: RunSummary = { total: 0, status: result.status, tests: [] };
    try {
      // A merge of shards holds a setup or teardown once per shard that ran it: each test counts once.
      const tests = testCopies(this.suite?.allTests() ?? [], (t) => this.tests.get(t.id)?.result);
      summary = {
        total: tests.length,
        status: result.status,
        tests: tests.flatMap(({ test }) => this.tests.get(test.id)?.summary ?? []),
      };
      mkdirSync(dirname(this.outputFile), { recursive: true });
      writeFileSync(this.outputFile, JSON.stringify(summary, null, 2));
    } catch (error) {
      process.stderr.write(`rehearse: could not write the run summary ${this.outputFile}: ${String(error)}\n`);
    }
  }
}
