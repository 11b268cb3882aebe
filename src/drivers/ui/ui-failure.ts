import type { CheckOutcome } from '../../engine/results.js';
import type { UiLocator } from '../../schema/index.js';

/**
 * Why a UI operation did not hold, thrown inside the driver and turned into a failed step with
 * the page's evidence (URL, accessible snapshot, screenshot) by `createUiDriver`. `locator` is
 * the one the snapshot is taken around; `check` the assertion that failed, for an `expect`.
 */
export class UiFailure extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly locator?: UiLocator;
  readonly check?: CheckOutcome;

  constructor(options: { code: string; message: string; hint?: string; locator?: UiLocator; check?: CheckOutcome }) {
    super(options.message);
    this.name = 'UiFailure';
    this.code = options.code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.locator !== undefined) this.locator = options.locator;
    if (options.check !== undefined) this.check = options.check;
  }
}
