import { resolve } from 'node:path';
import type { Location, TestType } from '@playwright/test';
import type { StepHost } from '../engine/context.js';
import type { StepResult } from '../engine/results.js';
import { firstProblem } from '../engine/first-problem.js';

/** Carries a failed step's result through `test.step` so the report marks the step failed. */
class StepDidNotPass extends Error {
  constructor(readonly result: StepResult) {
    const problem = firstProblem([result]);
    super(problem?.message ?? `${result.title} ${result.status}`);
    this.name = result.status === 'errored' ? 'StepErrored' : 'StepFailed';
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** A `StepHost` that also tells where the first step that did not pass was written. */
export interface PlaywrightStepHost extends StepHost {
  /** The YAML position (absolute file) of the first step whose own failure ended it: the failing leaf. */
  firstFailure(): Location | undefined;
}

/**
 * Every engine step becomes a boxed Playwright `test.step`: nested steps nest, and a failed
 * step is marked failed in the HTML report. The failure is caught here again, so the engine
 * keeps its results-as-data flow. The step's YAML position is kept (`firstFailure`, for the
 * failure message) but not given to Playwright as the step's `location`: Playwright prints the
 * source around a location (code frames, HTML snippets, trace sources) and cannot redact it.
 * `root` is the project folder the step positions are relative to.
 */
export function playwrightStepHost(test: TestType<object, object>, root: string): PlaywrightStepHost {
  let failure: Location | undefined;
  return {
    firstFailure: () => failure,
    async step(title, body, at) {
      const location = at ? { file: resolve(root, at.file), line: at.line, column: at.column } : undefined;
      let result: StepResult | undefined;
      try {
        await test.step(
          title,
          async () => {
            result = await body();
            if (result.status === 'failed' || result.status === 'errored') {
              // Inner steps end first: the first failure seen is the leaf that caused it.
              failure ??= location;
              throw new StepDidNotPass(result);
            }
          },
          // Not `location`: Playwright would print the YAML around it (code frames, HTML snippets, trace
          // sources) unredacted, and a scenario may hold a secret as written (URL user-info, a password).
          { box: true },
        );
      } catch (error) {
        if (error instanceof StepDidNotPass) return error.result;
        throw error;
      }
      return result!;
    },
  };
}
