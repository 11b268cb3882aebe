import { basename, dirname, resolve, sep } from 'node:path';
import { test as base, type TestInfo } from '@playwright/test';
import { parseDuration } from '../core/duration.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { projectOfProcess } from './project-of-process.js';
import { buildMatrix, type MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import { readRunOptions, type RunOptions } from './run-options.js';
import type { ScenarioFixtures, ScenarioTest, ScenarioWorkerFixtures } from './scenario-fixtures.js';
import { testAnnotations, testTags, testTitle } from './test-identity.js';
import { noteInterrupted, teardownTimeoutMs } from './cleanup-time.js';

// The engine, the drivers and the UI sign-in are imported when a test first runs (see
// scenario-test.ts): Playwright's runner only declares the tests, and its start-up is every
// run's start-up.
const running = () => import('./scenario-test.js');

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
  const test = base.extend<ScenarioFixtures, ScenarioWorkerFixtures>({
    // Worker-scoped: the login runs once per tenant per worker. Playwright launches the browser
    // (its `browser` fixture) only for a worker that runs a ui test: api tests never ask for it.
    uiSessions: [
      async ({ browser }, use) => {
        await use((await running()).workerUiSessions(browser, project, runOptionsOfTest()));
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
 * selects. A test is tagged `@tenant:<name>` so each Playwright project's `grep` keeps only
 * its tenants' tests (see `runProjects` in config.ts). Cleanup runs in the test's `finally` and, should the
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
      'Failed to run the scenario: the run options are missing (REHEARSE_RUN is not set). Use defineRehearseConfig() in the project’s playwright.config.mjs (or .ts): its globalSetup prepares the run.',
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
 * test never starts a browser) and drives a page of its own (see `runUiScenarioTest`).
 */
function scenarioBody(test: ScenarioTest, entry: MatrixEntry): TestBody {
  if (entry.driver === 'ui')
    return async ({ rehearse, browser, uiSessions }, testInfo: TestInfo) =>
      (await running()).runUiScenarioTest(test, entry, { rehearse, browser, uiSessions }, testInfo);
  return async ({ rehearse }, testInfo: TestInfo) =>
    (await running()).runApiScenarioTest(test, entry, rehearse, testInfo);
}
