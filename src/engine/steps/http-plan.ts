import { parseDuration } from '../../core/duration.js';
import type { Redactor } from '../../core/redactor.js';
import { isTemplate } from '../../expression/index.js';
import type { HttpStep } from '../../schema/index.js';
import { planResponseChecks, type PlannedResponseChecks } from '../send-and-check.js';
import { stepPlan } from '../step-plan.js';

/**
 * An `http:` step compiled once: what every run of it would otherwise read out of the YAML again
 * — its `http:` line read (`HttpLine`, shared by every step with the same line), its checks split
 * and flagged (`planResponseChecks`), its timeout in ms. What a static URL resolves to and a
 * static title masks to are kept by their text too (`resolvedOnce`, `maskedTitleOnce`): a plan is
 * kept per step for as long as the project, so it holds only what is the step's own.
 */
export interface HttpPlan {
  line: HttpLine;
  checks: PlannedResponseChecks;
  timeoutMs: number | undefined;
}

/** An `http:` line read: the method, the target, and what its text says about them. */
export interface HttpLine {
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
}

/**
 * Static targets resolved against a base URL, and static titles as a redactor masked them: by
 * their text, shared by every step that has it, rather than in each step's plan — a plan is kept
 * per step for as long as the project, and a scenario of thousands of steps repeats a few URLs.
 * Cleared past `MAX_CACHED` texts.
 */
const MAX_CACHED = 5000;
const resolvedUrls = new Map<string, Map<string, string>>();
const lines = new Map<string, HttpLine>();
const maskedTitles = new Map<string, Map<string, { redactorKey: number; generation: number; text: string }>>();

/** A static `target` resolved against `baseUrl` by `resolve`, once per pair. */
export function resolvedOnce(baseUrl: string, target: string, resolve: () => string): string {
  let byTarget = resolvedUrls.get(baseUrl);
  if (!byTarget) resolvedUrls.set(baseUrl, (byTarget = new Map()));
  let url = byTarget.get(target);
  if (url === undefined) {
    url = resolve();
    if (byTarget.size >= MAX_CACHED) byTarget.clear();
    byTarget.set(target, url);
  }
  return url;
}

/**
 * A static title — the `http:` line as written, then `suffix` (` (as regulated)` or nothing) — as
 * `redactor` masks it now, with `learn` run first (the line's URL read for secrets): both again
 * only when the redactor learned another secret or name since (its generation), or it is another
 * run's redactor.
 */
export function maskedTitleOnce(http: string, suffix: string, redactor: Redactor, learn: () => void): string {
  const key = redactorKey(redactor);
  let byLine = maskedTitles.get(suffix);
  if (!byLine) maskedTitles.set(suffix, (byLine = new Map()));
  const known = byLine.get(http);
  if (known?.redactorKey === key && known.generation === redactor.generation) return known.text;
  learn();
  const text = redactor.redactUrl(`${http}${suffix}`);
  if (byLine.size >= MAX_CACHED) byLine.clear();
  byLine.set(http, { redactorKey: key, generation: redactor.generation, text });
  return text;
}

/** A number per redactor (one per scenario run): a cache names the redactor without keeping it alive. */
const redactorKeys = new WeakMap<Redactor, number>();
let lastRedactorKey = 0;

function redactorKey(redactor: Redactor): number {
  let key = redactorKeys.get(redactor);
  if (key === undefined) redactorKeys.set(redactor, (key = ++lastRedactorKey));
  return key;
}

/**
 * The plan of an `http:` step, made on its first run and kept in the step's plan (`stepPlan`)
 * while the step object lives (the loader's steps are never changed after loading).
 *
 * @example
 * httpPlan({ http: 'GET /orders/{{ id }}' }).line.staticTarget // false
 */
export function httpPlan(step: HttpStep): HttpPlan {
  const plan = stepPlan(step);
  return (plan.http ??= {
    line: httpLine(step.http),
    checks: planResponseChecks({ expect: step.expect, save: step.save, maxDuration: step.maxDuration }),
    timeoutMs: step.timeout ? parseDuration(step.timeout) : undefined,
  });
}

/** An `http:` line read once per distinct text. */
function httpLine(http: string): HttpLine {
  let line = lines.get(http);
  if (!line) {
    // As the step was always read: the method is up to the first space, the target is the rest.
    const space = http.indexOf(' ');
    const target = space < 0 ? '' : http.slice(space + 1);
    const staticTarget = !isTemplate(target);
    line = {
      method: space < 0 ? http : http.slice(0, space),
      target,
      staticTarget,
      urlMayHoldSecret: !staticTarget || target.includes('?') || target.includes('@'),
    };
    if (lines.size >= MAX_CACHED) lines.clear();
    lines.set(http, line);
  }
  return line;
}
