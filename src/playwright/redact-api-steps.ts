import type { TestInfo } from '@playwright/test';
import type { Redactor } from '../core/redactor.js';

type AddStep = (data: Record<string, unknown>, ...rest: unknown[]) => unknown;

/**
 * Masks secrets in the steps Playwright records for the browser calls of a test. Playwright Test
 * turns every API call made while a test runs into a `pw:api` step whose title and params carry
 * the call's arguments — `Fill "<the password>"` — and sends it to every reporter (HTML, JSON,
 * list). Those steps are made by `TestInfo._addStep` in the worker (Playwright 1.5x, private: when
 * it is not there, nothing is changed); this wraps it on the test's `testInfo` so the title,
 * subtitle and params pass through the run's redactor before they leave the worker. Register a
 * secret with `redactor` before the call that could show it (the UI sign-in's password is
 * registered before the login runs).
 */
export function redactApiSteps(testInfo: TestInfo, redactor: Redactor): void {
  const info = testInfo as unknown as { _addStep?: AddStep };
  const original = info._addStep;
  if (typeof original !== 'function') return;
  info._addStep = function (this: unknown, data: Record<string, unknown>, ...rest: unknown[]) {
    const safe: Record<string, unknown> = { ...data };
    for (const key of ['title', 'subtitle'] as const)
      if (typeof safe[key] === 'string') safe[key] = redactor.redactText(safe[key]);
    if (safe.params !== undefined) safe.params = redactor.redactValue(safe.params);
    return original.call(this, safe, ...rest);
  };
}
