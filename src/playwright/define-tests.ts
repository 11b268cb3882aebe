import { test as base, type TestInfo } from '@playwright/test';
import { parseDuration } from '../core/duration.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { ScenarioTimeoutReason } from '../core/network-error.js';
import { stringifyJson } from '../core/stringify-json.js';
import { loadProject } from '../loader/load-project.js';
import { buildMatrix, type MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import { ScenarioExecution } from '../engine/run-scenario.js';
import type { ScenarioResult, StepResult } from '../engine/results.js';
import { createEngineContext } from './engine-factory.js';
import { readRunOptions, type RunOptions } from './run-options.js';
import { playwrightStepHost } from './step-host.js';
import { scenarioFailureMessage } from './failure-message.js';
import { testTags, testTitle } from './test-identity.js';
import { RESULT_ATTACHMENT, summarizeSteps } from './reporters/run-summary.js';
import { allowCleanupTime, cleanupBudgetMs, noteInterrupted, teardownTimeoutMs } from './cleanup-time.js';

interface Fixtures {
  rehearse: {
    project: Project;
    options: RunOptions;
    /** Work that must run even when the test is cut off (timeout, SIGINT). */
    onTeardown(work: () => Promise<void>): void;
  };
}

/**
 * Declares one Playwright test per scenario × tenant × driver. Tenants are
 * Playwright projects; a test is tagged `@tenant:<name>` so each project's
 * `grep` keeps only its own. Cleanup runs in the test's `finally` and, should
 * the test be cut off (timeout, SIGINT), in the fixture's teardown.
 */
export function defineScenarioTests(): void {
  const options = readRunOptions() ?? defaultRunOptions();
  const loaded = loadProject({
    root: options.root,
    environment: options.environment,
    trustedDigest: options.projectDigest,
  });
  if (!loaded.project) {
    throw new Error(
      `Rehearse project is invalid:\n${formatDiagnostics(loaded.diagnostics, { sources: loaded.sources })}`,
    );
  }
  const project = loaded.project;
  const matrix = buildMatrix(project, {
    scenarios: options.scenarios,
    tenants: options.tenants,
    drivers: options.drivers,
  });
  const test = base.extend<Fixtures>({
    rehearse: [
      // Playwright requires a destructuring pattern for fixture dependencies, even when there are none.
      // eslint-disable-next-line no-empty-pattern
      async ({}, use, testInfo) => {
        const teardowns: Array<() => Promise<void>> = [];
        await use({ project, options, onTeardown: (work) => teardowns.push(work) });
        for (const work of teardowns) await work();
        noteInterrupted(testInfo);
      },
      { timeout: teardownTimeoutMs(options) },
    ],
  });

  const byScenario = new Map<string, MatrixEntry[]>();
  for (const entry of matrix)
    byScenario.set(entry.scenario.name, [...(byScenario.get(entry.scenario.name) ?? []), entry]);
  for (const [name, entries] of byScenario) {
    test.describe(name, () => {
      for (const entry of entries) declareTest(test, entry);
    });
  }
}

function declareTest(test: ReturnType<typeof base.extend<Fixtures>>, entry: MatrixEntry): void {
  const { scenario, tenant } = entry;
  const tags = testTags(entry);
  const title = testTitle(entry);
  test(
    title,
    { tag: tags, annotation: [{ type: 'scenario', description: entry.file }] },
    async ({ rehearse }, testInfo) => {
      if (testInfo.project.name !== tenant) test.skip(true, `scenario runs for tenant ${tenant} only`);
      if (scenario.timeout) testInfo.setTimeout(parseDuration(scenario.timeout) ?? testInfo.timeout);
      const handle = await createEngineContext({
        project: rehearse.project,
        options: rehearse.options,
        entry,
        host: playwrightStepHost(test),
        repeatIndex: testInfo.repeatEachIndex,
      });
      const execution = new ScenarioExecution({ scenario, file: entry.file, engine: handle.engine });
      testInfo.annotations.push(
        { type: 'traceId', description: handle.engine.run.traceId },
        { type: 'tenant', description: tenant },
      );
      const teardown = once(async () => {
        handle.abort(testInfo.status === 'timedOut' ? new ScenarioTimeoutReason(testInfo.timeout) : undefined);
        const fresh = await handle.freshForCleanup();
        try {
          await execution.cleanup(fresh.engine, { budgetMs: cleanupBudgetMs(rehearse.options) });
        } finally {
          await fresh.close();
          await handle.close();
        }
      });
      rehearse.onTeardown(teardown);
      try {
        await execution.start();
      } finally {
        allowCleanupTime(testInfo, rehearse.options);
        await teardown();
        await attachResults(testInfo, execution.result());
      }
      const result = execution.result();
      // A failed cleanup is visible: an annotation (HTML report, JUnit property); the console warning comes from the run summary.
      const { cleanupProblems } = summarizeSteps(result);
      for (const problem of cleanupProblems)
        testInfo.annotations.push({ type: 'cleanup failed', description: problem });
      if (result.status === 'failed' || result.status === 'errored')
        throw new ScenarioFailure(scenarioFailureMessage(result));
      if (cleanupProblems.length && rehearse.options.strictCleanup)
        throw new ScenarioFailure(
          `Scenario "${result.scenario}" passed but its cleanup did not (strict cleanup is on):\n${cleanupProblems.map((p) => `  ${p}`).join('\n')}`,
        );
      // Nothing executed is never "passed": Playwright reports a skipped test, with the reason.
      if (result.status === 'skipped') test.skip(true, result.reason);
    },
  );
}

function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}

/** The error a failed scenario ends its test with: a message, no stack (the steps are in the report). */
class ScenarioFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFailure';
    this.stack = `${this.name}: ${message}`;
  }
}

async function attachResults(testInfo: TestInfo, result: ScenarioResult): Promise<void> {
  await testInfo.attach(RESULT_ATTACHMENT, {
    body: stringifyJson(result, 2) ?? '',
    contentType: 'application/json',
  });
  for (const step of allSteps(result.steps)) {
    for (const attachment of step.attachments ?? []) {
      if (attachment.when === 'failure' && step.status !== 'failed' && step.status !== 'errored') continue;
      await testInfo.attach(`${step.title} — ${attachment.name}`, {
        body: attachment.body,
        contentType: attachment.contentType,
      });
    }
  }
  if (result.status !== 'failed' && result.status !== 'errored') return;
  const failing = failingLeaves(result.steps);
  for (const step of failing) {
    for (const [i, exchange] of step.exchanges.entries()) {
      await testInfo.attach(`${step.title} — exchange ${i + 1}`, {
        body: stringifyJson(exchange, 2) ?? '',
        contentType: 'application/json',
      });
    }
  }
}

function allSteps(steps: readonly StepResult[]): StepResult[] {
  return steps.flatMap((step) => [step, ...allSteps(step.children ?? [])]);
}

function failingLeaves(steps: readonly StepResult[]): StepResult[] {
  const out: StepResult[] = [];
  for (const step of steps) {
    if (step.status !== 'failed' && step.status !== 'errored') continue;
    const deeper = step.children ? failingLeaves(step.children) : [];
    out.push(...(deeper.length ? deeper : [step]));
  }
  return out;
}

function defaultRunOptions(): RunOptions {
  throw new Error('Rehearse tests must be started with `rehearse run` (REHEARSE_RUN is not set).');
}
