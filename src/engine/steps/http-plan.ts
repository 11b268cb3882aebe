import { parseDuration } from '../../core/duration.js';
import type { Redactor } from '../../core/redactor.js';
import { isTemplate } from '../../expression/index.js';
import type { HttpStep } from '../../schema/index.js';
import { planResponseChecks, type PlannedResponseChecks } from '../send-and-check.js';

/**
 * An `http:` step compiled once: what every run of it would otherwise read out of the YAML again
 * — the method and target split from the `http:` line, whether anything in it is a `{{ }}`
 * template (a part without one is used as written, not rendered per run), whether its URL can
 * carry a secret the title must learn (a query or user-info), the checks split and flagged
 * (`planResponseChecks`), the timeout in ms.
 */
export interface HttpPlan {
  method: string;
  /** The path or URL as written after the method (`/api/orders/{{ id }}`). */
  target: string;
  /** The target has no `{{ }}`: it is the same on every run. */
  staticTarget: boolean;
  /**
   * The target may register a secret when it is read (`learnUrl`): it is a template, or it has a
   * query or user-info. A static target with neither registers nothing, on any run.
   */
  urlMayHoldSecret: boolean;
  checks: PlannedResponseChecks;
  timeoutMs: number | undefined;
  /** A static target resolved against each base URL it was sent to (one per environment). */
  resolved: Map<string, string>;
  /**
   * A static target's title as each scenario run's redactor masked it, with the redactor's
   * generation then: the same until the redactor learns another secret or name.
   */
  titles: WeakMap<Redactor, { generation: number; title: string }>;
}

const plans = new WeakMap<HttpStep, HttpPlan>();

/**
 * The plan of an `http:` step, made on its first run and kept while the step object lives (the
 * loader's steps are never changed after loading).
 *
 * @example
 * httpPlan({ http: 'GET /orders/{{ id }}' }).staticTarget // false
 */
export function httpPlan(step: HttpStep): HttpPlan {
  let plan = plans.get(step);
  if (!plan) {
    // As the step was always read: the method is up to the first space, the target is the rest.
    const space = step.http.indexOf(' ');
    const method = space < 0 ? step.http : step.http.slice(0, space);
    const target = space < 0 ? '' : step.http.slice(space + 1);
    const staticTarget = !isTemplate(target);
    plan = {
      method,
      target,
      staticTarget,
      urlMayHoldSecret: !staticTarget || target.includes('?') || target.includes('@'),
      checks: planResponseChecks({ expect: step.expect, save: step.save, maxDuration: step.maxDuration }),
      timeoutMs: step.timeout ? parseDuration(step.timeout) : undefined,
      resolved: new Map(),
      titles: new WeakMap(),
    };
    plans.set(step, plan);
  }
  return plan;
}
