import { relative } from 'node:path';
import type { Browser, Location, TestInfo } from '@playwright/test';
import { parseDuration } from '../core/duration.js';
import { ScenarioTimeoutReason } from '../core/network-error.js';
import type { Redactor } from '../core/redactor.js';
import { stringifyJson } from '../core/stringify-json.js';
import type { ScenarioResult } from '../engine/results.js';
import { ScenarioExecution } from '../engine/run-scenario.js';
import type { UiDriver } from '../engine/ui-port.js';
import type { MatrixEntry } from '../loader/matrix.js';
import { allowCleanupTime, cleanupBudgetMs } from './cleanup-time.js';
import { createEngineContext, newRunRedactor } from './engine-factory.js';
import { scenarioFailureMessage } from './failure-message.js';
import { RESULT_ATTACHMENT, summarizeSteps } from './reporters/run-summary.js';
import type { RehearseFixture, ScenarioTest } from './scenario-fixtures.js';
import { applySetupValues, writeSetupValues } from './setup-values.js';
import { playwrightStepHost } from './step-host.js';
import { StepSources } from './step-sources.js';
import { projectRunsTenant } from './test-identity.js';
import { createUiSessions, type UiSessions } from './ui-login.js';
import { openUiTestPage, uiBaseUrl, type UiTestPage } from './ui-test-page.js';
import type { RunOptions } from './run-options.js';
import type { Project } from '../loader/project.js';

// What a scenario test does when it runs. Kept apart from the declarations (define-tests.ts) and
// imported by a test's body on first use: Playwright's runner process declares every test and
// runs none, so it never loads the engine, the drivers or their libraries.

/** The worker's UI sessions (the `uiSessions` fixture): signed in per tenant on first use. */
export function workerUiSessions(browser: Browser, project: Project, run: RunOptions): UiSessions {
  return createUiSessions({
    browser,
    project,
    options: run,
    uiBaseUrl: uiBaseUrl(run),
    timeoutMs: run.requestTimeoutMs,
  });
}

/**
 * A ui test: its own page (see `openUiTestPage`), signed in when the worker's session for the
 * tenant is not there yet, then the scenario's steps; the page's evidence is kept however it ends.
 */
export async function runUiScenarioTest(
  test: ScenarioTest,
  entry: MatrixEntry,
  fixtures: { rehearse: RehearseFixture; browser: Browser; uiSessions: UiSessions },
  testInfo: TestInfo,
): Promise<void> {
  const { rehearse, browser, uiSessions } = fixtures;
  if (!projectRunsTenant(testInfo.project, entry.tenant))
    test.skip(true, `scenario runs for tenant ${entry.tenant} only`);
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
}

/** An api test: the scenario's steps through the API driver. */
export async function runApiScenarioTest(
  test: ScenarioTest,
  entry: MatrixEntry,
  rehearse: RehearseFixture,
  testInfo: TestInfo,
): Promise<void> {
  await runScenario(test, entry, rehearse, testInfo, {});
}

/**
 * The worker's first ui test of a tenant signs in on its own page before the scenario's steps:
 * one boxed step in the report, located at the login action's YAML (or its masked copy).
 */
async function signInStep(
  test: ScenarioTest,
  rehearse: RehearseFixture,
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
  rehearse: RehearseFixture,
  testInfo: TestInfo,
  extra: { redactor?: Redactor; ui?: UiDriver },
): Promise<void> {
  const { scenario, tenant } = entry;
  if (!projectRunsTenant(testInfo.project, tenant)) test.skip(true, `scenario runs for tenant ${tenant} only`);
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
