import type { Locator, Page } from '@playwright/test';
import type { Redactor } from '../../core/redactor.js';
import type { StepContext } from '../../engine/context.js';
import type { RenderText } from './build-locator.js';

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
  /** The environment's allowedHosts, when the host gave them: `goto` checks its URL against them. */
  allowedHosts?: readonly string[];
  /** Fields this page had a secret typed into: screenshots paint them over. Grows as steps run. */
  secretFields: Locator[];
}
