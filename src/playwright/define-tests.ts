import { basename, dirname, relative, resolve, sep } from 'node:path';
import { test as base, type Location, type TestInfo } from '@playwright/test';
import { parseDuration } from '../core/duration.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { ScenarioTimeoutReason } from '../core/network-error.js';
import { stringifyJson } from '../core/stringify-json.js';
import { projectOfProcess } from './project-of-process.js';
import { buildMatrix, type MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import { ScenarioExecution } from '../engine/run-scenario.js';
import type { ScenarioResult } from '../engine/results.js';
import type { Redactor } from '../core/redactor.js';
import type { UiDriver } from '../engine/ui-port.js';
import { createEngineContext, newRunRedactor } from './engine-factory.js';
import { createUiSessions, type UiSessions } from './ui-login.js';
import { openUiTestPage, uiBaseUrl, type UiTestPage } from './ui-test-page.js';
import { readRunOptions, type RunOptions } from './run-options.js';
import { playwrightStepHost } from './step-host.js';
import { StepSources } from './step-sources.js';
import { applySetupValues, writeSetupValues } from './setup-values.js';
import { tenantOf } from './test-identity.js';
import { scenarioFailureMessage } from './failure-message.js';
import { testAnnotations, testTags, testTitle } from './test-identity.js';
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

interface WorkerFixtures {
  /** The signed-in UI sessions of this worker, by tenant (made on first use by a ui test). */
  uiSessions: UiSessions;
}

type ScenarioTest = ReturnType<typeof base.extend<Fixtures, WorkerFixtures>>;

/** What the program standing for a scenario file (see `scenario-module.ts`) declares. */
export interface ScenarioFileTests {
  test: ScenarioTest;
  /** The scenario's name: the describe block around its tests. */
  name: string;
  /** The scenario's `retries:` (Playwright retries of its tests, over the run's); undefined: the run's. */
  retries: number | undefined;
  tests: Array<{
    title: string;
    details: { tag: string[]; annotation: Array<{ type: string; description: string }> };
    body: Parameters<ScenarioTest>[2];
  }>;
}

interface Declarations {
  project: Project;
  matrix: MatrixEntry[];
  test: ScenarioTest;
}

let declarations: Declarations | undefined;

/**
 * The project, the matrix and the extended `test` of this process, made once: every scenario
 * file of the run declares its tests from them. Under `rehearse run` the CLI's options decide
 * the filters; under plain `npx playwright test` the options are those `globalSetup` made
 * (workers) or, while Playwright lists the tests before it, the defaults: every scenario,
 * tenant and driver of the default environment.
 */
function declarationsOfProcess(root: string): Declarations {
  if (declarations) return declarations;
  const options = readRunOptions();
  const loaded = projectOfProcess({
    root: options?.root ?? root,
    environment: options?.environment,
    ...(options?.projectDigest ? { trustedDigest: options.projectDigest } : {}),
    ...(options?.projectSnapshot ? { snapshot: options.projectSnapshot } : {}),
  });
  if (!loaded.project) {
    throw new Error(
      `Rehearse project is invalid:\n${formatDiagnostics(loaded.diagnostics, { sources: loaded.sources })}`,
    );
  }
  const project = loaded.project;
  const matrix = buildMatrix(project, {
    scenarios: options?.scenarios ?? [],
    tenants: options?.tenants ?? [],
    drivers: options?.drivers ?? [],
  });
  const test = base.extend<Fixtures, WorkerFixtures>({
    // Worker-scoped: the login runs once per tenant per worker. Playwright launches the browser
    // (its `browser` fixture) only for a worker that runs a ui test: api tests never ask for it.
    uiSessions: [
      async ({ browser }, use) => {
        const run = runOptionsOfTest();
        await use(
          createUiSessions({
            browser,
            project,
            options: run,
            uiBaseUrl: uiBaseUrl(run),
            timeoutMs: run.requestTimeoutMs,
          }),
        );
      },
      { scope: 'worker' },
    ],
    rehearse: [
      // Playwright requires a destructuring pattern for fixture dependencies, even when there are none.
      // eslint-disable-next-line no-empty-pattern
      async ({}, use, testInfo) => {
        const teardowns: Array<() => Promise<void>> = [];
        await use({ project, options: runOptionsOfTest(), onTeardown: (work) => teardowns.push(work) });
        // Last registered first, as `finally` blocks unwind: a ui test's cleanup still has its page.
        for (const work of teardowns.reverse()) await work();
        noteInterrupted(testInfo);
      },
      { timeout: teardownTimeoutMs({ cleanupTimeoutMs: options?.cleanupTimeoutMs ?? cleanupTimeoutOf(project) }) },
    ],
  });
  declarations = { project, matrix, test };
  return declarations;
}

/**
 * Declares the tests of one scenario file (absolute path): one per tenant × driver the run
 * selects. Tenants are Playwright projects; a test is tagged `@tenant:<name>` so each
 * project's `grep` keeps only its own. Cleanup runs in the test's `finally` and, should the
 * test be cut off (timeout, SIGINT), in the fixture's teardown.
 */
export function declareScenarioFile(file: string): ScenarioFileTests {
  const { project, matrix, test } = declarationsOfProcess(projectRootOf(file));
  const same = (relativeFile: string) => resolve(project.root, relativeFile) === resolve(file);
  const loaded = project.scenarios.find((s) => same(s.file));
  return {
    test,
    name: loaded?.scenario.name ?? basename(file),
    retries: loaded?.scenario.retries,
    tests: matrix
      .filter((entry) => same(entry.file))
      .map((entry) => ({
        title: testTitle(entry),
        details: { tag: testTags(entry), annotation: testAnnotations(entry) },
        body: scenarioBody(test, entry),
      })),
  };
}

/** A scenario file lives under `<project>/scenarios/`; its project is the folder above. */
function projectRootOf(file: string): string {
  const parts = resolve(file).split(sep);
  const at = parts.lastIndexOf('scenarios');
  return at > 0 ? parts.slice(0, at).join(sep) || sep : dirname(file);
}

/** The run's options when the test runs: set by `rehearse run` or by `globalSetup` before any worker starts. */
function runOptionsOfTest(): RunOptions {
  const options = readRunOptions();
  if (!options)
    throw new Error(
      'Failed to run the scenario: the run options are missing (REHEARSE_RUN is not set). Use defineRehearseConfig() in playwright.config.ts: its globalSetup prepares the run.',
    );
  return options;
}

function cleanupTimeoutOf(project: Project): number | undefined {
  const budget = project.config.timeouts?.cleanup;
  return budget === undefined ? undefined : parseDuration(budget);
}

type TestBody = ScenarioFileTests['tests'][number]['body'];

/**
 * The body of a scenario × tenant × driver test. A ui test also asks Playwright for the worker's
 * browser and UI sessions (fixtures are set up only for the tests that name them, so an api
 * test never starts a browser) and drives a page of its own (see `openUiTestPage`).
 */
function scenarioBody(test: ScenarioTest, entry: MatrixEntry): TestBody {
  if (entry.driver === 'ui')
    return async ({ rehearse, browser, uiSessions }, testInfo) => {
      if (tenantOf(testInfo.project) !== entry.tenant) test.skip(true, `scenario runs for tenant ${entry.tenant} only`);
      const redactor = newRunRedactor(rehearse.options);
      const ui = await openUiTestPage({
        browser,
        sessions: uiSessions,
        project: rehearse.project,
        options: rehearse.options,
        tenant: entry.tenant,
        testInfo,
        redactor,
      });
      let failed = true;
      const finish = once(() => ui.finish(failed));
      // A test cut off by its timeout still leaves its evidence (the fixture's teardown runs it).
      rehearse.onTeardown(finish);
      try {
        if (ui.needsSignIn) await signInStep(test, rehearse, entry.tenant, redactor, ui);
        await runScenario(test, entry, rehearse, testInfo, { redactor, ui: ui.driver });
        failed = false;
      } finally {
        await finish();
      }
    };
  return async ({ rehearse }, testInfo) => runScenario(test, entry, rehearse, testInfo, {});
}

/**
 * The worker's first ui test of a tenant signs in on its own page before the scenario's steps:
 * one boxed step in the report, located at the login action's YAML (or its masked copy).
 */
async function signInStep(
  test: ScenarioTest,
  rehearse: Fixtures['rehearse'],
  tenant: string,
  redactor: Redactor,
  ui: UiTestPage,
): Promise<void> {
  const login = rehearse.options.ui?.login ?? '';
  const sources = new StepSources(rehearse.project.root);
  sources.guard(redactor);
  const location = sources.locate(rehearse.project.actions.get(login)?.origin);
  await test.step(`Sign in to the screens as ${tenant} (${login})`, () => ui.signIn(), {
    box: true,
    ...(location ? { location } : {}),
  });
}

async function runScenario(
  test: ScenarioTest,
  entry: MatrixEntry,
  rehearse: Fixtures['rehearse'],
  testInfo: TestInfo,
  extra: { redactor?: Redactor; ui?: UiDriver },
): Promise<void> {
  const { scenario, tenant } = entry;
  if (tenantOf(testInfo.project) !== tenant) test.skip(true, `scenario runs for tenant ${tenant} only`);
  if (scenario.timeout) testInfo.setTimeout(parseDuration(scenario.timeout) ?? testInfo.timeout);
  const sources = new StepSources(rehearse.project.root);
  const host = playwrightStepHost(test, rehearse.project.root, sources);
  const handle = await createEngineContext({
    project: rehearse.project,
    options: rehearse.options,
    entry,
    host,
    repeatIndex: testInfo.repeatEachIndex,
    retry: testInfo.retry,
    ...extra,
  });
  sources.guard(handle.engine.redactor);
  host.guard(handle.engine.redactor);
  const execution = new ScenarioExecution({ scenario, file: entry.file, engine: handle.engine });
  testInfo.annotations.push({ type: 'traceId', description: handle.engine.run.traceId });
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
  if (scenario.kind !== 'setup')
    applySetupValues(rehearse.options.root, rehearse.options.runId, tenant, execution.scope, handle.engine.redactor);
  try {
    await execution.start();
    if (scenario.kind === 'setup' && execution.result().status === 'passed')
      writeSetupValues(rehearse.options.root, rehearse.options.runId, tenant, execution.scope, handle.engine.redactor);
  } finally {
    allowCleanupTime(testInfo, rehearse.options);
    await teardown();
    await attachResults(testInfo, execution.result());
  }
  const result = execution.result();
  // A failed cleanup is visible: an annotation (HTML report, JUnit property); the console warning comes from the run summary.
  const { cleanupProblems } = summarizeSteps(result);
  for (const problem of cleanupProblems) testInfo.annotations.push({ type: 'cleanup failed', description: problem });
  if (result.status === 'failed' || result.status === 'errored')
    throw new ScenarioFailure(scenarioFailureMessage(result), host.firstFailure());
  if (cleanupProblems.length && rehearse.options.strictCleanup)
    throw new ScenarioFailure(
      `Scenario "${result.scenario}" passed but its cleanup did not (strict cleanup is on):\n${cleanupProblems.map((p) => `  ${p}`).join('\n')}`,
    );
  // Nothing executed is never "passed": Playwright reports a skipped test, with the reason.
  if (result.status === 'skipped') test.skip(true, result.reason);
}

function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}

/** The error a failed scenario ends its test with: a message, no stack (the steps are in the report). */
class ScenarioFailure extends Error {
  /**
   * `failing.at`: the failing step's place in the YAML, named in the message; `failing.shown`:
   * the location Playwright may print the source of (the stack's one frame, so the code frame is
   * that line — of a masked copy when the YAML holds a secret as written, see `StepSources`).
   */
  constructor(message: string, failing?: { at: Location; shown: Location | undefined }) {
    const at = failing?.at;
    // The period ends the line as a sentence, so Playwright does not take it for a stack frame (file:line:col at the end of a line).
    const where = at ? `\n  failing step: ${relative(process.cwd(), at.file) || at.file}:${at.line}:${at.column}.` : '';
    super(`${message}${where}`);
    this.name = 'ScenarioFailure';
    const shown = failing?.shown;
    this.stack = `${this.name}: ${this.message}${shown ? `\n    at ${shown.file}:${shown.line}:${shown.column}` : ''}`;
  }
}

/**
 * The whole redacted result, as one JSON attachment for tools (`rehearse-result.json`: the run
 * summary, JUnit and Allure read it). What a person reads is on the steps themselves: each
 * failing step carries its cause, its exchanges as HTTP text and its diagnostics, and each step
 * the documents it exchanged (see `playwrightStepHost` and `stepEvidence`). Playwright lists
 * step attachments among the test's own too, so they are not attached a second time here.
 */
async function attachResults(testInfo: TestInfo, result: ScenarioResult): Promise<void> {
  await testInfo.attach(RESULT_ATTACHMENT, {
    body: stringifyJson(result, 2) ?? '',
    contentType: 'application/json',
  });
}
