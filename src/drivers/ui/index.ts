import type { Page } from '@playwright/test';
import { parseDuration } from '../../core/duration.js';
import type { Redactor } from '../../core/redactor.js';
import type { StepContext } from '../../engine/context.js';
import { renderText } from '../../engine/evaluate.js';
import type { StepOutcome } from '../../engine/step-registry.js';
import type { UiDriver } from '../../engine/ui-port.js';
import type { UiStep } from '../../schema/index.js';
import type { RenderText } from './build-locator.js';
import { formatEvidence, pageEvidence, screenshotAttachment } from './page-evidence.js';
import { performOperation } from './perform-operation.js';
import { UiFailure } from './ui-failure.js';

export { findBrowser, SYSTEM_CHROMIUM_ARGS, type BrowserChoice } from './find-browser.js';

/** What a UI driver needs from its host (the Playwright fixture of a `ui` test). */
export interface UiDriverOptions {
  /** The test's page; its context carries the tenant's signed-in storage state. */
  page: Page;
  /** Where `goto` paths resolve: the environment's `uiUrl`, else its base URL. */
  baseUrl: string;
  /** Project root: `upload` files resolve against it. */
  projectRoot: string;
  /** Masks secrets (typed passwords included) in titles, messages and attachments. */
  redactor: Redactor;
  /** Default time one operation may take, ms (the step timeout). */
  timeoutMs: number;
  /**
   * Attach a screenshot of the page to a failed step (default true). The host may turn it off
   * when Playwright's own `screenshot: only-on-failure` already captures the page.
   */
  screenshotOnFailure?: boolean;
}

/**
 * A `UiDriver` over one Playwright page: performs each `ui:` operation (see
 * `performOperation`), its `{{ }}` rendered with the engine's evaluator in the step's scope and
 * its waits bounded by the step's `timeout:` (else `timeoutMs`). When the page does not do what
 * the step says, the step fails with a message that names the locator in the YAML's terms, what
 * was expected and found, the page URL and an accessible snapshot of the page around the spot
 * (with a did-you-mean against the page's accessible names), and a screenshot attached
 * (`when: 'failure'`). Everything it returns is redacted by the engine's runner; the snapshot
 * and URL are masked here too.
 *
 * @example
 * ctx.ui = createUiDriver({ page, baseUrl: env.uiUrl ?? env.baseUrl, projectRoot, redactor, timeoutMs: 10_000 });
 */
export function createUiDriver(options: UiDriverOptions): UiDriver {
  return {
    async perform(step: UiStep, ctx: StepContext): Promise<StepOutcome> {
      const render: RenderText = (text) => renderText(text, ctx);
      const timeoutMs = (step.timeout !== undefined ? parseDuration(step.timeout) : undefined) ?? options.timeoutMs;
      const oc = { ...options, timeoutMs, render, step: ctx };
      try {
        return await performOperation(step.ui, oc);
      } catch (error) {
        if (!(error instanceof UiFailure)) throw error;
        const evidence = await pageEvidence(options.page, error.locator, render, options.redactor);
        const shot =
          options.screenshotOnFailure === false
            ? undefined
            : await screenshotAttachment(options.page, 'screenshot', 'failure');
        const hint = [evidence.suggestion, error.hint].filter(Boolean).join(' ');
        return {
          status: 'failed',
          error: {
            code: error.code,
            message: `${error.message}${formatEvidence(evidence)}`,
            ...(hint ? { hint } : {}),
          },
          ...(error.check ? { checks: [error.check] } : {}),
          ...(shot ? { attachments: [shot] } : {}),
        };
      }
    },
  };
}
