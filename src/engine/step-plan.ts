import type { Step, StepKindName } from '../schema/index.js';
import { stepKindOf } from '../schema/step-kinds.js';
import type { HttpPlan } from './steps/http-plan.js';

/**
 * What the runner reads of a step on every run, worked out once per step: its kind and the
 * action a `do:` step names. A scenario's steps run thousands of times in a soak or a load run;
 * reading the YAML's step afresh each time (which kind is it?) was a measurable part of each run.
 * Where the step was written stays a look-up of its own (`stepOrigin`): a project handed to
 * another process learns its steps' positions after it was loaded.
 */
export interface StepPlan {
  kind: StepKindName | 'unknown';
  /** `labels.action` of the step's result: the action of a `do:` step. */
  labels: { action?: string };
  /** An `http:` step's own plan, made on its first run (`httpPlan`). */
  http?: HttpPlan;
}

/**
 * Plans by step object. Steps are data the loader made and nothing changes them afterwards; a
 * step object the engine makes itself (a scenario's `virtual:` setup) gets a plan of its own.
 */
const plans = new WeakMap<object, StepPlan>();

/** The labels of every step that is not a `do:` (one object: a plan is kept per step). */
const NO_LABELS: StepPlan['labels'] = Object.freeze({});

/**
 * The plan of `step`, made on first use and kept while the step object lives.
 *
 * @example
 * stepPlan({ http: 'GET /health' }).kind // 'http'
 */
export function stepPlan(step: Step): StepPlan {
  let plan = plans.get(step);
  if (!plan) {
    const kind = stepKindOf(step as Record<string, unknown>).kind ?? 'unknown';
    const action = kind === 'do' ? (step as { do?: unknown }).do : undefined;
    // `http` declared from the start: the object keeps one shape when a step's http plan is added.
    plan = { kind, labels: typeof action === 'string' ? { action } : NO_LABELS, http: undefined };
    plans.set(step, plan);
  }
  return plan;
}
