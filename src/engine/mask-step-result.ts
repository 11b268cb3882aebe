import type { Redactor } from '../core/redactor.js';
import type { StepResult } from './results.js';

/** Every key a step result may have: none may be a name the redactor hides by, for `maskStepResult`'s path. */
const STEP_RESULT_KEYS: readonly (keyof StepResult)[] = [
  'kind',
  'title',
  'action',
  'location',
  'status',
  'startedAt',
  'durationMs',
  'checks',
  'exchanges',
  'error',
  'children',
  'attempts',
  'attachments',
  'saved',
  'reason',
  'trimmed',
  'summary',
];

/** The generation of each redactor at which none of `STEP_RESULT_KEYS` was a sensitive name. */
const plainKeysAt = new WeakMap<Redactor, number>();

/**
 * A new step result masked as `redactor.redactValue(result)` masks it, without walking what holds
 * no value from the run: its kind, status, start time and numbers are Rehearse's own, its
 * `title` is masked by the caller (at the redactor's current generation), and its exchanges
 * and children were masked when they were made (`redactValue` returns them as they are unless a
 * secret was learned since). What can quote a value — checks, saved values, the error, the
 * reason, attachments — is masked here. The result is then marked masked, so the scenario's
 * final `redactValue` passes over it unless a secret is learned later. Walking every step result
 * whole (a regex over each of its strings) was a measurable part of a step's cost.
 *
 * Mutates and returns `result` (the caller made it and hands it on only after this).
 *
 * @example
 * return maskStepResult({ kind: 'http', title: shown, status, startedAt, durationMs, checks, exchanges }, redactor);
 */
export function maskStepResult(result: StepResult, redactor: Redactor): StepResult {
  // A configured `redact.fields` entry could name one of the result's own keys (`reason`): then
  // the value under it is hidden whole, as `redactValue` does — take its path.
  if (!keysArePlain(redactor)) return redactor.redactValue(result);
  result.checks = redactor.redactValue(result.checks);
  result.exchanges = redactor.redactValue(result.exchanges);
  if (result.action !== undefined) result.action = redactor.redactText(result.action);
  if (result.location !== undefined) result.location = redactor.redactText(result.location);
  if (result.error !== undefined) result.error = redactor.redactValue(result.error);
  if (result.children !== undefined) result.children = redactor.redactValue(result.children);
  if (result.attachments !== undefined) result.attachments = redactor.redactValue(result.attachments);
  if (result.saved !== undefined) result.saved = redactor.redactValue(result.saved);
  if (result.reason !== undefined) result.reason = redactor.redactText(result.reason);
  if (result.summary !== undefined) result.summary = redactor.redactValue(result.summary);
  return redactor.masked(result);
}

function keysArePlain(redactor: Redactor): boolean {
  const generation = redactor.generation;
  if (plainKeysAt.get(redactor) === generation) return true;
  if (STEP_RESULT_KEYS.some((key) => redactor.isSensitiveField(key))) return false;
  plainKeysAt.set(redactor, generation);
  return true;
}
