import type { Redactor } from '../core/redactor.js';
import type { StepResult } from './results.js';

/**
 * The keys of a step result that can quote a value from the run: the others are Rehearse's own
 * (its kind, status, start time, duration and counts) or masked by the caller (`title`).
 */
const MAY_QUOTE: readonly (keyof StepResult)[] = [
  'action',
  'location',
  'checks',
  'exchanges',
  'error',
  'children',
  'attachments',
  'saved',
  'reason',
  'summary',
];

/**
 * A step result masked as `redactor.redactValue(result)` masks it, without running the
 * redactor's pattern over the parts that hold no value from the run: what can quote one —
 * checks, saved values, the error, the reason, attachments — is walked; its exchanges and
 * children were masked when they were made (walking them returns them as they are unless a
 * secret was learned since). `result.title` must be masked already, at the redactor's current
 * generation. The copy is marked masked, so the scenario's final `redactValue` passes over it
 * unless a secret is learned later.
 *
 * @example
 * return maskStepResult({ kind: 'http', title: shown, status, startedAt, durationMs, checks, exchanges }, redactor);
 */
export function maskStepResult(result: StepResult, redactor: Redactor): StepResult {
  return redactor.redactKeys(result, MAY_QUOTE);
}
