import type { Step } from '../schema/index.js';
import type { Origin } from '../loader/project.js';
import { stepKindOf } from '../schema/step-kinds.js';
import { stepOrigin } from '../loader/step-origins.js';
import { contextForStep } from './as-tenant.js';
import type { StepContext } from './context.js';
import { isTruthy, renderValue } from './evaluate.js';
import { worstStatus, type CheckOutcome, type ExchangeRecord, type StepResult } from './results.js';
import { maskStepResult } from './mask-step-result.js';
import { maskSecretCheck, maskSecretSaved } from './secret-variables.js';
import { StepAbort } from './step-failure.js';
import { stepPlan } from './step-plan.js';
import type { StepRecords } from './step-records.js';
import { STEP_EXECUTORS, type StepOutcome } from './step-registry.js';
import { stepTitle } from './step-title.js';

/**
 * Runs steps in order. After a step fails or errors, the rest are recorded as
 * skipped (never silently dropped), so reports show the whole plan.
 */
export async function runSteps(steps: readonly Step[], ctx: StepContext): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let stopped: StepResult | undefined;
  for (const step of steps) {
    if (stopped || ctx.engine.signal.aborted) {
      results.push(skipped(step, ctx, stopped ? `an earlier step ${stopped.status}` : 'the run was stopped'));
      continue;
    }
    const result = await runStep(step, ctx);
    results.push(result);
    if (result.status === 'failed' || result.status === 'errored') stopped = result;
  }
  return results;
}

/** Runs one step; every exception stops here and becomes an `errored` result. */
export function runStep(step: Step, outer: StepContext): Promise<StepResult> {
  const plan = stepPlan(step);
  const { kind } = plan;
  // `as: <tenant>`: the title, the condition and the step itself see that tenant.
  const { ctx, error } = contextForStep(step, kind, outer);
  // Not async: runAsStep awaits it inside a try, where a throw here is caught as a rejection would
  // be, and the executor's promise is handed on as it is (an async function returning a promise
  // costs one more promise and three more microtask turns, on every step).
  const work = (): Promise<StepOutcome> => {
    if (error) throw error;
    if (step.if !== undefined && !isTruthy(renderValue(step.if, ctx)))
      return Promise.resolve({ status: 'skipped', reason: `condition ${step.if} was false` });
    const executor = STEP_EXECUTORS[kind as keyof typeof STEP_EXECUTORS];
    if (!executor)
      throw new StepAbort({ code: 'REHEARSE_UNKNOWN_STEP_KIND', message: `No executor for step kind "${kind}".` });
    return executor(step as never, withStepCookies(step, ctx));
  };
  return runAsStep(kind, stepTitle(step, ctx), ctx, work, stepOrigin(step), plan.labels);
}

/**
 * Runs work the engine does on the scenario's behalf (a step, or restoring
 * partner faults at the end) as a step of the report: shown by the host,
 * timed, exceptions turned into `errored`, the result redacted — with every secret known when the
 * step ends, so the record of the step that revealed a secret (a login's token) hides it too. The
 * title is masked before the host shows it (Playwright's `test.step` title reaches traces and reports).
 * `at` is where the step was written, for the host to show (Playwright's step location);
 * `labels.action` names the action of a `do:` step in its result.
 */
export function runAsStep(
  kind: string,
  title: string,
  ctx: StepContext,
  work: () => Promise<StepOutcome>,
  at?: Origin,
  labels: { action?: string } = {},
): Promise<StepResult> {
  try {
    return hostStep(kind, title, ctx, work, at, labels);
  } catch (error) {
    // As an async function would: a failure before the host took the step rejects, never throws.
    return Promise.reject(error as Error);
  }
}

/**
 * `runAsStep` without its guard: not async, so the host's promise is returned as it is rather
 * than wrapped in another (one promise and three microtask turns fewer on every step).
 */
function hostStep(
  kind: string,
  title: string,
  ctx: StepContext,
  work: () => Promise<StepOutcome>,
  at: Origin | undefined,
  labels: { action?: string },
): Promise<StepResult> {
  const redactor = ctx.engine.redactor;
  // The title as the host shows it; the result masks it again after the step (a login may have
  // revealed a secret in it), which gives the same text while the redactor learned nothing new.
  const shown = redactor.redactText(title);
  const shownAt = redactor.generation;
  const body = async (): Promise<StepResult> => {
    const startedAt = new Date();
    const started = performance.now();
    let outcome: StepOutcome;
    try {
      outcome = await work();
    } catch (error) {
      outcome = { status: 'errored', error: toStepError(error) };
    }
    const status =
      outcome.status ??
      (outcome.error
        ? 'errored'
        : outcome.checks?.some((c) => !c.passed)
          ? 'failed'
          : worstStatus((outcome.children ?? []).map((c) => c.status).filter((s) => s !== 'skipped')));
    const kept = keptRecords(ctx.engine.records, status, outcome);
    const shownTitle = redactor.generation === shownAt ? shown : redactor.redactText(title);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const checks = kept.checks.length ? kept.checks.map((check) => maskSecretCheck(check, ctx)) : kept.checks;
    // Two literals of fixed shape (`action` where it sits in the record): a conditional spread
    // inside one literal took V8 off its fast path on every step.
    const result: StepResult = labels.action
      ? {
          kind,
          title: shownTitle,
          action: labels.action,
          status,
          startedAt: startedAt.toISOString(),
          durationMs,
          checks,
          exchanges: kept.exchanges,
        }
      : {
          kind,
          title: shownTitle,
          status,
          startedAt: startedAt.toISOString(),
          durationMs,
          checks,
          exchanges: kept.exchanges,
        };
    if (kept.trimmed) result.trimmed = kept.trimmed;
    if (outcome.error) result.error = outcome.error;
    if (outcome.children) result.children = outcome.children;
    if (outcome.attempts !== undefined) result.attempts = outcome.attempts;
    if (outcome.saved) result.saved = maskSecretSaved(outcome.saved, ctx);
    if (outcome.reason) result.reason = outcome.reason;
    if (outcome.attachments?.length) result.attachments = outcome.attachments;
    // Checks quote actual values (an echoed token, a password field): redact before the result leaves the engine.
    return maskStepResult(result, redactor);
  };
  return ctx.engine.host.step(shown, body, at);
}

/**
 * The checks and exchanges a step's result keeps (all, or none with their counts, as `records`
 * decides); late exchanges are made here, and only when kept.
 */
function keptRecords(
  records: StepRecords | undefined,
  status: StepResult['status'],
  outcome: StepOutcome,
): { checks: CheckOutcome[]; exchanges: ExchangeRecord[]; trimmed?: StepResult['trimmed'] } {
  const checks = outcome.checks ?? [];
  const early = outcome.exchanges ?? [];
  const late = outcome.lateExchanges;
  const count = early.length + (late?.count ?? 0);
  if (records && !records.keepsWhole(status, checks.length, count))
    return { checks: [], exchanges: [], trimmed: { checks: checks.length, exchanges: count } };
  return { checks, exchanges: !late ? early : early.length ? [...early, ...late.make()] : late.make() };
}

/** A step's `cookies:` (`off`, or `{ jar: name }`) holds for its requests and everything inside it. */
function withStepCookies(step: Step, ctx: StepContext): StepContext {
  const scoped = step.cookies !== undefined ? ctx.engine.transport.scoped?.({ cookies: step.cookies }) : undefined;
  return scoped ? { ...ctx, engine: { ...ctx.engine, transport: scoped } } : ctx;
}

function skipped(step: Step, ctx: StepContext, reason: string): StepResult {
  return {
    kind: stepKindOf(step as Record<string, unknown>).kind ?? 'unknown',
    title: stepTitle(step, ctx),
    status: 'skipped',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    checks: [],
    exchanges: [],
    reason,
  };
}

function toStepError(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof StepAbort) return error.error;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && 'message' in error) {
    const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
    return { code: error.code, message: String(error.message), ...(hint ? { hint } : {}) };
  }
  // Anything else is a bug in Rehearse, not in the user's scenario: say so.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    code: 'REHEARSE_INTERNAL',
    message: `Internal error in Rehearse: ${message}`,
    hint: 'Please report this with the scenario that triggered it.',
  };
}
