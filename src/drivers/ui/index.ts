import type { Page } from '@playwright/test';
import { RehearseError } from '../../core/errors.js';
import type { Redactor } from '../../core/redactor.js';
import type { UiDriver } from '../../engine/ui-port.js';

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
}

/**
 * A `UiDriver` over one Playwright page. Skeleton: the operations arrive with the UI steps.
 * Throws `REHEARSE_UI_NOT_READY` until then.
 */
export function createUiDriver(options: UiDriverOptions): UiDriver {
  void options;
  return {
    perform: () =>
      Promise.reject(
        new RehearseError('REHEARSE_UI_NOT_READY', 'Failed to run a ui step: the UI driver is not built yet.'),
      ),
  };
}
