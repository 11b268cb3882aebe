import type { TestType } from '@playwright/test';
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

/**
 * Every engine step becomes a Playwright `test.step`: nested steps nest, and a
 * failed step is marked failed in the HTML report. The failure is caught here
 * again, so the engine keeps its results-as-data flow.
 */
export function playwrightStepHost(test: TestType<object, object>): StepHost {
  return {
    async step(title, body) {
      let result: StepResult | undefined;
      try {
        await test.step(
          title,
          async () => {
            result = await body();
            if (result.status === 'failed' || result.status === 'errored') throw new StepDidNotPass(result);
          },
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
