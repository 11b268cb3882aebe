import type { BrowserContext, Tracing } from '@playwright/test';

/**
 * Stops the tracing Playwright Test itself starts on every browser context a test creates when
 * `use.trace` is on: that trace is written unredacted (a typed password in the DOM snapshot, the
 * sign-in form in the network log, session cookies). A ui test's browser is recorded by Rehearse
 * instead (`ui.trace`, redacted before it is attached), and the login's context not at all.
 *
 * Playwright marks a tracing it started with a private symbol (`kTracingStarted`, playwright
 * 1.4x–1.65 `lib/index.js`) and stops only those at the end of the test: the mark is cleared so
 * it does not stop ours or fail on a stopped one. Without the mark nothing is touched. If a
 * Playwright upgrade renamed it, `tracing.start` of Rehearse's own trace would fail with
 * "Tracing has been already started" — loud, never a silent leak (the secrets test over UI runs
 * turns Playwright's trace on to prove it).
 */
export async function stopPlaywrightTracing(context: BrowserContext): Promise<void> {
  await stopMarked(context.tracing);
  await stopMarked(context.request.tracing);
}

async function stopMarked(tracing: Tracing): Promise<void> {
  const marks = tracing as unknown as Record<symbol, unknown>;
  const started = Object.getOwnPropertySymbols(marks).find((s) => s.description === 'kTracingStarted');
  if (started === undefined || marks[started] !== true) return;
  marks[started] = false;
  await tracing.stop();
}
