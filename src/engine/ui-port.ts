import type { UiStep } from '../schema/index.js';
import type { StepContext } from './context.js';
import type { StepOutcome } from './step-registry.js';

/**
 * The browser side of a scenario run with the `ui` driver: it performs `ui:` steps on one
 * Playwright page. The engine knows only this port; `src/drivers/ui` implements it over a
 * Playwright `Page` (`createUiDriver`), and the Playwright host puts one on
 * `EngineContext.ui` for every test whose driver is `ui`.
 */
export interface UiDriver {
  /**
   * Performs one `ui` step (its operation was checked for shape at load time) and returns what
   * the runner records: checks, saved values, attachments (screenshots) or an error whose
   * message names the locator and what the page showed.
   */
  perform(step: UiStep, ctx: StepContext): Promise<StepOutcome>;
}
