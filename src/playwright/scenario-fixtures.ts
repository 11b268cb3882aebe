import type { test as base } from '@playwright/test';
import type { Project } from '../loader/project.js';
import type { RunOptions } from './run-options.js';
import type { UiSessions } from './ui-login.js';

/** The `rehearse` fixture of a scenario test: the run's project and options, and its teardown work. */
export interface RehearseFixture {
  project: Project;
  options: RunOptions;
  /** Work that must run even when the test is cut off (timeout, SIGINT). */
  onTeardown(work: () => Promise<void>): void;
}

/** Test-scoped fixtures of a scenario test. */
export interface ScenarioFixtures {
  rehearse: RehearseFixture;
}

/** Worker-scoped fixtures of a scenario test. */
export interface ScenarioWorkerFixtures {
  /** The signed-in UI sessions of this worker, by tenant (made on first use by a ui test). */
  uiSessions: UiSessions;
}

/** Playwright's `test`, extended with the scenario fixtures. */
export type ScenarioTest = ReturnType<typeof base.extend<ScenarioFixtures, ScenarioWorkerFixtures>>;
