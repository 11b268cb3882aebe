import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { formatDuration } from '../../core/duration.js';
import type { Redactor } from '../../core/redactor.js';
import type { StepContext } from '../../engine/context.js';
import type { StepOutcome } from '../../engine/step-registry.js';
import { describeLocator, isSecretInput } from '../../engine/ui-describe.js';
import type { UiLocator, UiOperation, UiWaitForResponse } from '../../schema/index.js';
import { buildLocator, type RenderText } from './build-locator.js';
import { expectOnElement, expectUrl } from './expect-on-page.js';
import { countNow, firstLine, lastCallLogLine } from './playwright-error.js';
import { screenshotAttachment } from './page-evidence.js';
import { saveFromPage } from './save-from-page.js';
import { UiFailure } from './ui-failure.js';
import { urlMatchesGlob } from './url-glob.js';

/** What one operation needs: the page, where paths resolve, the redactor, its time, its step. */
export interface OperationContext {
  page: Page;
  baseUrl: string;
  projectRoot: string;
  redactor: Redactor;
  /** How long each wait of the operation may take, ms. */
  timeoutMs: number;
  render: RenderText;
  step: StepContext;
}

/**
 * Performs one `ui:` operation on the page with Playwright's actionability waits and web-first
 * assertions, each bounded by the step's timeout. Throws `UiFailure` when the page does not do
 * what the step says (a locator that finds nothing, an expectation that does not hold, a response
 * that does not come); `createUiDriver` adds the evidence.
 */
export async function performOperation(op: UiOperation, oc: OperationContext): Promise<StepOutcome> {
  const { page, render, timeoutMs: timeout } = oc;
  const wait = 'waitForResponse' in op ? op.waitForResponse : undefined;
  if ('goto' in op) {
    const url = resolveUrl(render(op.goto), oc.baseUrl);
    await withResponse(oc, wait, async () => {
      try {
        await page.goto(url, { timeout });
      } catch (error) {
        throw new UiFailure({
          code: 'REHEARSE_UI_NAVIGATION_FAILED',
          message: `Failed to open ${oc.redactor.redactUrl(url)}: ${firstLine(error)}.`,
          hint: "Check the environment's uiUrl (or baseUrl) and that the target is up.",
        });
      }
    });
    return {};
  }
  if ('click' in op) return act(oc, op.click, 'click', wait, (l) => l.click({ timeout }));
  if ('fill' in op) {
    const value = renderValueText(op.value, render);
    return act(oc, op.fill, 'fill', wait, async (l) => {
      await learnSecretInput(oc, op.value, op.fill, value, l);
      if (oc.redactor.isSecret(value)) await fillSecret(l, value, timeout);
      else await l.fill(value, { timeout });
    });
  }
  if ('select' in op) {
    const options = (Array.isArray(op.option) ? op.option : [op.option]).map((o) => renderValueText(o, render));
    return act(oc, op.select, 'select an option of', wait, async (l) => {
      await l.selectOption(options, { timeout });
    });
  }
  if ('check' in op) return act(oc, op.check, 'check', wait, (l) => l.check({ timeout }));
  if ('uncheck' in op) return act(oc, op.uncheck, 'uncheck', wait, (l) => l.uncheck({ timeout }));
  if ('press' in op)
    return act(oc, op.press, `press ${render(op.key)} in`, wait, (l) => l.press(render(op.key), { timeout }));
  if ('upload' in op) {
    const files = (Array.isArray(op.files) ? op.files : [op.files]).map((f) => projectFile(render(f), oc.projectRoot));
    return act(oc, op.upload, 'upload files to', wait, (l) => l.setInputFiles(files, { timeout }));
  }
  if ('expect' in op) {
    await expectOnElement(op, oc);
    return {};
  }
  if ('expectUrl' in op) {
    await expectUrl(op.expectUrl, oc);
    return {};
  }
  if ('screenshot' in op) {
    const shot = await screenshotAttachment(page, render(op.screenshot), 'always', {
      fullPage: op.fullPage === true,
      timeoutMs: timeout,
    });
    if (!shot)
      throw new UiFailure({
        code: 'REHEARSE_UI_SCREENSHOT_FAILED',
        message: `Failed to take the screenshot ${JSON.stringify(render(op.screenshot))} of ${oc.redactor.redactUrl(page.url())}.`,
      });
    return { attachments: [shot] };
  }
  if ('save' in op) return { saved: await saveFromPage(op.save, oc) };
  return {};
}

function renderValueText(value: string | number, render: RenderText): string {
  return typeof value === 'string' ? render(value) : String(value);
}

/** A relative path resolves against the base as an http step's does; a URL stays as it is. */
function resolveUrl(target: string, baseUrl: string): string {
  if (/^https?:\/\//i.test(target)) return target;
  if (!baseUrl)
    throw new UiFailure({
      code: 'REHEARSE_NO_BASE_URL',
      message: `Failed to open "${target}": the environment has no uiUrl or base URL.`,
      hint: 'Set uiUrl (or baseUrl) in the environment, or pass --base-url.',
    });
  return new URL(target, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** An upload file inside the project (a path that leaves it is refused). */
function projectFile(path: string, root: string): string {
  const full = resolve(root, path);
  const inside = relative(root, full);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new UiFailure({
      code: 'REHEARSE_UI_FILE_OUTSIDE_PROJECT',
      message: `Failed to upload ${path}: it is outside the project.`,
      hint: 'Upload files from inside the project folder, e.g. edi/samples/850.x12.',
    });
  if (!existsSync(full))
    throw new UiFailure({
      code: 'REHEARSE_UI_FILE_NOT_FOUND',
      message: `Failed to upload ${path}: no such file in the project.`,
      hint: 'Paths are relative to the project root (the folder with rehearse.config.yaml).',
    });
  return full;
}

/**
 * A typed value the report must never show: a secret by its template, value or field name, or
 * typed into a password field. Registered before typing, so every record hides it from then on.
 */
async function learnSecretInput(
  oc: OperationContext,
  template: unknown,
  locator: UiLocator,
  value: string,
  target: Locator,
): Promise<void> {
  if (oc.redactor.isSecret(value)) return;
  const secret =
    isSecretInput(template, locator, oc.step, value) ||
    (await target.getAttribute('type', { timeout: oc.timeoutMs })) === 'password';
  if (secret) oc.redactor.addSecret(value);
}

/**
 * Types a secret without Playwright recording it: `fill` puts its value in the title of the API
 * step it reports (`Fill "…"`), which the HTML and JSON reports show as is. `fill('')` does the
 * actionability waits (visible, enabled, editable) and clears the field; the value is then set
 * through the element's own `value` setter, so scripts that track it see the change, followed by
 * the `input` and `change` events typing fires.
 */
async function fillSecret(target: Locator, value: string, timeout: number): Promise<void> {
  await target.fill('', { timeout });
  await target.evaluate(
    (element, text) => {
      const input = element as HTMLInputElement;
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
      if (setter) setter.call(input, text);
      else input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
    { timeout },
  );
}

async function act(
  oc: OperationContext,
  locator: UiLocator,
  verb: string,
  wait: UiWaitForResponse | undefined,
  run: (target: Locator) => Promise<unknown>,
): Promise<StepOutcome> {
  const target = buildLocator(oc.page, locator, oc.render);
  await withResponse(oc, wait, async () => {
    try {
      await run(target);
    } catch (error) {
      throw await actionFailure(error, target, locator, verb, oc);
    }
  });
  return {};
}

/** Why an action on a locator failed, in the YAML's terms: nothing found, several found, or not actionable. */
export async function actionFailure(
  error: unknown,
  target: Locator,
  locator: UiLocator,
  verb: string,
  oc: OperationContext,
): Promise<UiFailure> {
  if (error instanceof UiFailure) return error;
  const described = describeLocator(locator, oc.render);
  const count = await countNow(target);
  const message = error instanceof Error ? error.message : String(error);
  if (count === 0)
    return new UiFailure({
      code: 'REHEARSE_UI_NOT_FOUND',
      message: `Failed to ${verb} ${described}: no element matched it within ${formatDuration(oc.timeoutMs)}.`,
      hint: "Compare the locator with the page's accessible snapshot below: roles and names are what a screen reader hears.",
      locator,
    });
  if (count > 1 && /strict mode violation/i.test(message))
    return new UiFailure({
      code: 'REHEARSE_UI_AMBIGUOUS',
      message: `Failed to ${verb} ${described}: ${count} elements match it, and an action needs one.`,
      hint: 'Narrow it: exact: true, a filter (hasText), within, or nth/first/last.',
      locator,
    });
  return new UiFailure({
    code: 'REHEARSE_UI_ACTION_FAILED',
    message: `Failed to ${verb} ${described}: it was found but ${lastCallLogLine(error) ?? firstLine(error)} (waited ${formatDuration(oc.timeoutMs)}).`,
    hint: 'The element must be visible, enabled and stable to be acted on; the snapshot below shows its state.',
    locator,
  });
}

/**
 * Runs an action with `waitForResponse` armed before it (so a fast response is not missed),
 * then waits for that response and checks its status.
 */
async function withResponse(
  oc: OperationContext,
  wait: UiWaitForResponse | undefined,
  action: () => Promise<void>,
): Promise<void> {
  if (!wait) return action();
  const { render } = oc;
  const pattern =
    typeof wait.url === 'string' ? render(wait.url) : new RegExp(render(wait.url.matches), wait.url.flags);
  const method = wait.method?.toUpperCase();
  const shown = `${method ? `${method} ` : ''}${typeof pattern === 'string' ? pattern : String(pattern)}`;
  const waiting = oc.page.waitForResponse(
    (response) =>
      (typeof pattern === 'string' ? urlMatchesGlob(response.url(), pattern) : pattern.test(response.url())) &&
      (method === undefined || response.request().method() === method),
    { timeout: oc.timeoutMs },
  );
  // The action may fail first; its failure is the one to report.
  waiting.catch(() => undefined);
  await action();
  let response;
  try {
    response = await waiting;
  } catch {
    throw new UiFailure({
      code: 'REHEARSE_UI_NO_RESPONSE',
      message: `Failed to see a response to ${shown} within ${formatDuration(oc.timeoutMs)} of the action.`,
      hint: 'Check the URL glob (** spans path segments) and that the action sends that request.',
    });
  }
  if (wait.status !== undefined && response.status() !== wait.status)
    throw new UiFailure({
      code: 'REHEARSE_UI_RESPONSE_STATUS',
      message: `Failed: ${response.request().method()} ${oc.redactor.redactUrl(response.url())} answered ${response.status()}, expected ${wait.status}.`,
      hint: 'The target refused the action: the page below may say why.',
    });
}
