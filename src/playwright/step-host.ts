import { resolve } from 'node:path';
import type { Location, TestType } from '@playwright/test';
import type { StepHost } from '../engine/context.js';
import type { StepResult } from '../engine/results.js';
import { firstProblem } from '../engine/first-problem.js';
import type { StepSources } from './step-sources.js';

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
  /**
   * The first step whose own failure ended it (the failing leaf): `at` its YAML position
   * (absolute file), `shown` the location Playwright may print the source of (see `StepSources`).
   */
  firstFailure(): { at: Location; shown: Location | undefined } | undefined;
}

/**
 * Every engine step becomes a boxed Playwright `test.step` located at its YAML line
 * (`location`, Playwright ≥ 1.48; boxed, so an error inside is reported there, with that line's
 * code frame): nested steps nest, and a failed step is marked failed in the HTML report. The
 * failure is caught here again, so the engine keeps its results-as-data flow. Playwright prints
 * the source around a location and cannot redact it: `sources` decides which file it may name
 * (the YAML itself, or a masked copy when the YAML holds a secret as written).
 * `root` is the project folder the step positions are relative to.
 */
export function playwrightStepHost(
  test: TestType<object, object>,
  root: string,
  sources: StepSources,
): PlaywrightStepHost {
  let failure: { at: Location; shown: Location | undefined } | undefined;
  return {
    firstFailure: () => failure,
    async step(title, body, at) {
      const location = at ? { file: resolve(root, at.file), line: at.line, column: at.column } : undefined;
      const shown = sources.locate(at);
      let result: StepResult | undefined;
      try {
        await test.step(
          title,
          async () => {
            result = await body();
            if (result.status === 'failed' || result.status === 'errored') {
              // Inner steps end first: the first failure seen is the leaf that caused it.
              if (location) failure ??= { at: location, shown };
              throw new StepDidNotPass(result);
            }
          },
          { box: true, ...(shown ? { location: shown } : {}) },
        );
      } catch (error) {
        if (error instanceof StepDidNotPass) return error.result;
        throw error;
      }
      return result!;
    },
  };
}
