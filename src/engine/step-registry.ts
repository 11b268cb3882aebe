import type { StepKindName } from '../schema/index.js';
import type { StepContext } from './context.js';
import type { CheckOutcome, ExchangeRecord, StepAttachment, StepError, StepResult, StepStatus } from './results.js';
import { executeAs } from './steps/as-step.js';
import { executeDo } from './steps/do-step.js';
import { executeEventually } from './steps/eventually-step.js';
import { executeExpect } from './steps/expect-step.js';
import { executeGraphql } from './steps/graphql-step.js';
import { executeHttp } from './steps/http-step.js';
import { executeInclude } from './steps/include-step.js';
import { executeParallel } from './steps/parallel-step.js';
import { executeRepeat } from './steps/repeat-step.js';
import { executeSet } from './steps/set-step.js';
import { executeWait } from './steps/wait-step.js';
import { executeVirtual } from './steps/virtual-step.js';
import { executeVirtualExpect } from './steps/virtual-expect-step.js';
import { executeUi } from './steps/ui-step.js';

/** What an executor returns; the runner adds title, timings and status. */
export interface StepOutcome {
  status?: StepStatus;
  checks?: CheckOutcome[];
  exchanges?: ExchangeRecord[];
  /**
   * More exchanges, after `exchanges`, made only if the step's record keeps them (`StepRecords`):
   * a passing step past its run's first thousand keeps their count alone, and a driver's record
   * (redaction and serialisation) is then never made.
   */
  lateExchanges?: LateExchanges;
  error?: StepError;
  children?: StepResult[];
  attempts?: number;
  saved?: Record<string, unknown>;
  reason?: string;
  attachments?: StepAttachment[];
}

/** `count` exchanges whose records `make()` builds, once, when they are kept. */
export interface LateExchanges {
  readonly count: number;
  make(): ExchangeRecord[];
}

export type StepExecutor<S> = (step: S, ctx: StepContext) => Promise<StepOutcome>;

/**
 * One executor per step kind. New kinds register here and
 * add their schema to `src/schema/steps.ts`.
 */
export const STEP_EXECUTORS: { [K in StepKindName]: StepExecutor<never> } = {
  http: executeHttp,
  graphql: executeGraphql,
  do: executeDo,
  expect: executeExpect,
  set: executeSet,
  wait: executeWait,
  eventually: executeEventually,
  include: executeInclude,
  repeat: executeRepeat,
  parallel: executeParallel,
  virtual: executeVirtual,
  'virtual.expect': executeVirtualExpect,
  // Imported on a run's first EDI step: the X12 toolkit is ~45 modules every Playwright worker
  // loaded, most of which run no EDI step.
  'edi.send': (step: never, ctx) => import('./steps/edi-send-step.js').then((m) => m.executeEdiSend(step, ctx)),
  'edi.expect': (step: never, ctx) => import('./steps/edi-expect-step.js').then((m) => m.executeEdiExpect(step, ctx)),
  ui: executeUi,
  as: executeAs,
};
