import type { Page } from '@playwright/test';
import type { StepContext } from '../engine/context.js';
import type { StepOutcome } from '../engine/step-registry.js';
import type { UiDriver } from '../engine/ui-port.js';
import type { Project } from '../loader/project.js';
import { implementationOf } from '../schema/action-implementation.js';
import type { UiStep } from '../schema/index.js';

/** The step `UiDriver.perform` takes (the ui step language's `UiStep`). */

export interface RenewingOptions {
  page: Page;
  /** Path of the sign-in screen: a page whose URL path is this (or under it) is signed out. */
  loginPath: string;
  /** Signs the tenant in again and puts the fresh session's cookies into the page's context. */
  renew(): Promise<boolean>;
}

/**
 * A `UiDriver` that notices a lost session and recovers once per test: when a step that did not
 * start on the sign-in screen ends on it — and either did not pass, or was a `goto` elsewhere
 * (the target redirected it to sign in) — the tenant is signed in again (`renew`), the page goes
 * back to where the step started, and the step is performed once more. A second loss in the same
 * test is the step's own failure. A scenario that signs out on purpose (a click that lands on the
 * sign-in screen and passes) is left alone.
 */
export function renewingUiDriver(inner: UiDriver, o: RenewingOptions): UiDriver {
  let renewed = false;
  return {
    async perform(step: UiStep, ctx: StepContext): Promise<StepOutcome> {
      const before = o.page.url();
      let outcome: StepOutcome | undefined;
      let thrown: unknown;
      try {
        outcome = await inner.perform(step, ctx);
      } catch (error) {
        thrown = error;
      }
      const lost =
        !renewed &&
        !onLoginScreen(before, o.loginPath) &&
        onLoginScreen(o.page.url(), o.loginPath) &&
        (thrown !== undefined || !passed(outcome) || gotoElsewhere(step, o.loginPath));
      if (!lost) {
        if (thrown !== undefined) throw thrown;
        return outcome!;
      }
      renewed = true;
      if (!(await o.renew())) {
        if (thrown !== undefined) throw thrown;
        return outcome!;
      }
      if (/^https?:/.test(before)) await o.page.goto(before);
      return inner.perform(step, ctx);
    },
  };
}

/** The sign-in screen's path: `ui.loginUrl`, else the first literal `goto` of the login action's `ui:` steps, else `/login`. */
export function loginPathOf(project: Project, login: string | undefined, loginUrl: string | undefined): string {
  if (loginUrl) return loginUrl;
  const entry = login ? project.actions.get(login) : undefined;
  const steps = entry ? (implementationOf(entry.action, 'ui')?.steps ?? []) : [];
  for (const step of steps as unknown[]) {
    const goto = gotoOf(step);
    if (goto && !goto.includes('{{')) return new URL(goto, 'http://x').pathname;
  }
  return '/login';
}

function gotoOf(step: unknown): string | undefined {
  const ui = (step as { ui?: { goto?: unknown } } | null)?.ui;
  return typeof ui?.goto === 'string' ? ui.goto : undefined;
}

function gotoElsewhere(step: unknown, loginPath: string): boolean {
  const goto = gotoOf(step);
  return goto !== undefined && !onLoginScreen(new URL(goto, 'http://x').href, loginPath);
}

function onLoginScreen(url: string, loginPath: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  const base = loginPath.replace(/\/+$/, '') || '/';
  return path === base || path.startsWith(`${base}/`);
}

function passed(outcome: StepOutcome | undefined): boolean {
  if (!outcome) return false;
  if (outcome.status === 'failed' || outcome.status === 'errored') return false;
  if (outcome.error) return false;
  return !(outcome.checks ?? []).some((check) => !check.passed);
}
