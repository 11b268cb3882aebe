import type { StepError } from './results.js';

/**
 * Thrown inside a step executor when the step cannot go on (a missing value,
 * a bad parameter). Caught at the step boundary and turned into an `errored`
 * result; it never escapes the engine.
 */
export class StepAbort extends Error {
  readonly error: StepError;
  constructor(error: StepError) {
    super(error.message);
    this.name = 'StepAbort';
    this.error = error;
  }
}

export function stepAbort(code: string, message: string, hint?: string): StepAbort {
  return new StepAbort(hint === undefined ? { code, message } : { code, message, hint });
}
