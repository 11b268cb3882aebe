import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import type { Location, TestStepInfo, TestType } from '@playwright/test';
import type { Redactor } from '../core/redactor.js';
import type { StepHost } from '../engine/context.js';
import type { StepResult } from '../engine/results.js';
import { firstProblem } from '../engine/first-problem.js';
import { stepEvidence } from './step-evidence.js';
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
  /** From now on, the text attachments of steps are masked with this redactor (the run's) too. */
  guard(redactor: Redactor): void;
}

/** One step in progress: whether steps ran inside it as report steps of their own. */
interface Frame {
  childrenShown: boolean;
}

/**
 * Every engine step becomes a Playwright `test.step` located at its YAML line (`location`,
 * Playwright ≥ 1.48, so reports show that line's code frame): nested steps nest, and a failed
 * step is marked failed in the HTML report. Not `box`ed: a boxed step captures and source-maps a
 * stack trace of 50 frames as it begins (Playwright 1.65 `_addStep`), about 0.6 ms a step here
 * (bench/run-step-cost.bench.ts), and the error a failed step ends with carries no frames of
 * ours to hide — the scenario's failure points at the YAML itself (see define-tests). The
 * failure is caught here again, so the engine keeps its results-as-data flow. Playwright prints
 * the source around a location and cannot redact it: `sources` decides which file it may name
 * (the YAML itself, or a masked copy when the YAML holds a secret as written).
 * `root` is the project folder the step positions are relative to.
 *
 * Each step carries its evidence as attachments of its own (`TestStepInfo.attach`, Playwright
 * ≥ 1.51), chosen by `stepEvidence`: a failed step its cause, its exchanges as HTTP text and its
 * diagnostics; every step the documents it exchanged. Which steps ran inside which is followed
 * with an `AsyncLocalStorage`, as `parallel` steps run at once.
 */
export function playwrightStepHost(
  test: TestType<object, object>,
  root: string,
  sources: StepSources,
): PlaywrightStepHost {
  let failure: { at: Location; shown: Location | undefined } | undefined;
  let redactor: Redactor | undefined;
  const frames = new AsyncLocalStorage<Frame>();
  const attach = async (info: TestStepInfo, result: StepResult, frame: Frame) => {
    for (const evidence of stepEvidence(result, frame)) {
      const body = typeof evidence.body === 'string' && redactor ? redactor.redactText(evidence.body) : evidence.body;
      await info.attach(redactor ? redactor.redactText(evidence.name) : evidence.name, {
        body,
        contentType: evidence.contentType,
      });
    }
  };
  return {
    firstFailure: () => failure,
    guard: (next) => {
      redactor = next;
    },
    async step(title, body, at) {
      const location = at ? { file: resolve(root, at.file), line: at.line, column: at.column } : undefined;
      const shown = sources.locate(at);
      const parent = frames.getStore();
      if (parent) parent.childrenShown = true;
      const frame: Frame = { childrenShown: false };
      let result: StepResult | undefined;
      try {
        await test.step(
          title,
          (info) =>
            frames.run(frame, async () => {
              result = await body();
              await attach(info, result, frame);
              if (result.status === 'failed' || result.status === 'errored') {
                // Inner steps end first: the first failure seen is the leaf that caused it.
                if (location) failure ??= { at: location, shown };
                throw new StepDidNotPass(result);
              }
            }),
          { ...(shown ? { location: shown } : {}) },
        );
      } catch (error) {
        if (error instanceof StepDidNotPass) return error.result;
        throw error;
      }
      return result!;
    },
  };
}
