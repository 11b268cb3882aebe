import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import type { Redactor } from '../core/redactor.js';
import { stopPlaywrightTracing } from './untraced-context.js';
import { createUiDriver } from '../drivers/ui/index.js';
import type { UiDriver } from '../engine/ui-port.js';
import type { Project } from '../loader/project.js';
import { redactApiSteps } from './redact-api-steps.js';
import { redactTrace } from './redact-trace.js';
import { loginPathOf, renewingUiDriver } from './renewing-ui-driver.js';
import type { RunOptions, UiRunOptions } from './run-options.js';
import { storedValues, type UiSessions, type UiSignIn } from './ui-login.js';

/** The defaults of config `ui:` (Playwright's own defaults for trace and screenshot). */
export const UI_DEFAULTS: UiRunOptions = { trace: 'on-first-retry', screenshot: 'only-on-failure', headless: true };

/** The page of one ui test, and what it leaves in the report when it ends. */
export interface UiTestPage {
  page: Page;
  /** Performs the test's `ui:` steps; renews a lost session once. */
  driver: UiDriver;
  /**
   * Signs the tenant in on this page when the worker has no session for it yet (its first ui
   * test), keeping the session for the worker's later tests; does nothing when the page started
   * signed in or the config names no login action. Errors: those of `UiSessions.signIn`.
   */
  signIn(): Promise<void>;
  /** Whether `signIn` will sign in (this page started signed out and the config names a login action). */
  readonly needsSignIn: boolean;
  /**
   * Attaches the evidence and closes the browser context: a screenshot (config
   * `ui.screenshot`), the page URL when the test failed, and the trace (config `ui.trace`),
   * rewritten so it holds no secret (`redactTrace`) before it is attached as `trace`
   * (application/zip: the HTML report's trace viewer opens it).
   */
  finish(failed: boolean): Promise<void>;
}

export interface UiTestPageOptions {
  browser: Browser;
  sessions: UiSessions;
  project: Project;
  options: RunOptions;
  tenant: string;
  testInfo: TestInfo;
  /** The scenario run's redactor: the session's cookies and password are registered with it. */
  redactor: Redactor;
}

/**
 * Opens the page a ui test drives: a fresh browser context (`baseURL` = the environment's
 * `uiUrl`, else its base URL) that starts with the tenant's signed-in storage state from this
 * worker's sessions (no file: it is handed over in memory) — or, for the worker's first ui test
 * of the tenant, signs in on this very page (`signIn`), as a hand-written test would — traced when config `ui.trace` says so
 * for this attempt (`on`, `retain-on-failure`; `on-first-retry` on retry 1; `on-all-retries` on
 * any retry). Playwright's own trace and screenshot recording stay off (see `browserUse`): they
 * could not be redacted.
 */
export async function openUiTestPage(o: UiTestPageOptions): Promise<UiTestPage> {
  const ui = o.options.ui ?? UI_DEFAULTS;
  const baseUrl = uiBaseUrl(o.options);
  // Before the login types it: Playwright's own step titles (`Fill "..."`) go through the redactor.
  for (const secret of o.sessions.credentialSecrets(o.tenant)) o.redactor.addSecret(secret);
  redactApiSteps(o.testInfo, o.redactor);
  let signIn: UiSignIn | undefined = await o.sessions.current(o.tenant)?.catch(() => undefined);
  for (const secret of signIn?.secrets ?? []) o.redactor.addSecret(secret);
  const context: BrowserContext = await o.browser.newContext({
    baseURL: baseUrl,
    ...(signIn ? { storageState: signIn.state } : {}),
  });
  await stopPlaywrightTracing(context);
  const tracing = traced(ui.trace, o.testInfo.retry);
  if (tracing) await context.tracing.start({ screenshots: true, snapshots: true, title: o.testInfo.title });
  const page = await context.newPage();
  const inner = createUiDriver({
    page,
    baseUrl,
    projectRoot: o.project.root,
    redactor: o.redactor,
    timeoutMs: o.options.requestTimeoutMs,
    allowedHosts: o.options.allowedHosts,
  });
  const driver = renewingUiDriver(inner, {
    page,
    loginPath: loginPathOf(o.project, ui.login, ui.loginUrl),
    renew: async () => {
      const fresh = await o.sessions.renew(o.tenant, signIn);
      if (!fresh) return false;
      signIn = fresh;
      for (const secret of fresh.secrets) o.redactor.addSecret(secret);
      await context.clearCookies();
      await context.addCookies(fresh.state.cookies);
      o.testInfo.annotations.push({ type: 'ui session renewed', description: `tenant ${o.tenant}` });
      return true;
    },
  });
  return {
    page,
    driver,
    get needsSignIn() {
      return !signIn && o.sessions.enabled;
    },
    signIn: async () => {
      if (signIn || !o.sessions.enabled) return;
      try {
        signIn = await o.sessions.signIn(o.tenant, { context, page });
      } finally {
        // A sign-in that failed half-way may have left cookies in this context: its trace and
        // screenshot must not show them either.
        const secrets = signIn?.secrets ?? (await sessionValues(context));
        for (const secret of secrets) o.redactor.addSecret(secret);
      }
    },
    finish: async (failed) => {
      try {
        if (ui.screenshot === 'on' || (ui.screenshot === 'only-on-failure' && failed)) {
          const shot = await page.screenshot({ fullPage: true, timeout: 5_000 }).catch(() => undefined);
          if (shot) await o.testInfo.attach('screenshot', { body: shot, contentType: 'image/png' });
        }
        if (failed) {
          const url = o.redactor.redactUrl(page.url());
          await o.testInfo.attach('page-url', { body: url, contentType: 'text/plain' });
          o.testInfo.annotations.push({ type: 'page url', description: url });
        }
        if (tracing) await attachTrace(context, o.testInfo, o.redactor, ui.trace !== 'retain-on-failure' || failed);
      } finally {
        await context.close().catch(() => undefined);
      }
    },
  };
}

/** Every cookie and stored value a context holds (values that must never reach an output). */
async function sessionValues(context: BrowserContext): Promise<string[]> {
  const state = await context.storageState().catch(() => undefined);
  return state ? storedValues(state) : [];
}

/** Where relative `goto` paths resolve: the environment's `uiUrl`, else its base URL. */
export function uiBaseUrl(options: RunOptions): string {
  return options.uiUrl ?? options.baseUrl ?? '';
}

function traced(mode: UiRunOptions['trace'], retry: number): boolean {
  switch (mode) {
    case 'on':
    case 'retain-on-failure':
      return true;
    case 'on-first-retry':
      return retry === 1;
    case 'on-all-retries':
      return retry > 0;
    default:
      return false;
  }
}

/**
 * Stops the trace into a private temp folder (mode 0700, deleted right after: the raw trace
 * holds cookies and typed passwords), and attaches the redacted copy (written to the test's
 * output folder) when `keep`.
 */
async function attachTrace(context: BrowserContext, testInfo: TestInfo, redactor: Redactor, keep: boolean) {
  if (!keep) {
    await context.tracing.stop();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-trace-'));
  try {
    const path = join(dir, 'trace.zip');
    await context.tracing.stop({ path });
    const safe = redactTrace(readFileSync(path), redactor);
    // By path, as Playwright attaches its own traces: the HTML report links it to its trace viewer.
    const redacted = testInfo.outputPath('trace.zip');
    writeFileSync(redacted, safe);
    await testInfo.attach('trace', { path: redacted, contentType: 'application/zip' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
