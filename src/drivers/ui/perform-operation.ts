import type { Locator } from '@playwright/test';
import { checkEgress } from '../../core/egress.js';
import { stepAbort } from '../../engine/step-failure.js';
import type { StepOutcome } from '../../engine/step-registry.js';
import { isSecretInput } from '../../engine/ui-describe.js';
import type { UiLocator, UiOperation, UiWaitForResponse } from '../../schema/index.js';
import { actionFailure } from './action-failure.js';
import { buildLocator, type RenderText } from './build-locator.js';
import { expectOnElement, expectUrl } from './expect-on-page.js';
import type { OperationContext } from './operation-context.js';
import { screenshotAttachment } from './page-evidence.js';
import { firstLine } from './playwright-error.js';
import { performPageObject } from './perform-page-object.js';
import { projectFile } from './project-file.js';
import { saveFromPage } from './save-from-page.js';
import { UiFailure } from './ui-failure.js';
import { withResponse } from './with-response.js';

/**
 * Performs one `ui:` operation on the page with Playwright's actionability waits and web-first
 * assertions, each bounded by the step's timeout. Throws `UiFailure` when the page does not do
 * what the step says (a locator that finds nothing, an expectation that does not hold, a response
 * that does not come); `createUiDriver` adds the evidence.
 */
export async function performOperation(op: UiOperation, oc: OperationContext): Promise<StepOutcome> {
  const { page, render, timeoutMs: timeout } = oc;
  if ('page' in op) return performPageObject(op, oc);
  const wait = 'waitForResponse' in op ? op.waitForResponse : undefined;
  if ('goto' in op) {
    const url = resolveUrl(render(op.goto), oc.baseUrl);
    const refused = oc.allowedHosts ? checkEgress(url, oc.allowedHosts, { action: `open ${url}` }) : undefined;
    if (refused) throw stepAbort(refused.code, oc.redactor.redactText(refused.message), refused.hint);
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
      mask: oc.secretFields,
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

/**
 * A typed value the report must never show: a secret by its template, value or field name, or
 * typed into a password field. Registered before typing, so every record hides it from then on,
 * and the field is painted over in the screenshots of this page.
 */
async function learnSecretInput(
  oc: OperationContext,
  template: unknown,
  locator: UiLocator,
  value: string,
  target: Locator,
): Promise<void> {
  const secret =
    oc.redactor.isSecret(value) ||
    isSecretInput(template, locator, oc.step, value) ||
    (await target.getAttribute('type', { timeout: oc.timeoutMs })) === 'password';
  if (!secret) return;
  oc.redactor.addSecret(value);
  oc.secretFields.push(target);
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
