import { implementationOf } from '../../schema/action-implementation.js';
import type { DoStep, ParamSpec } from '../../schema/index.js';
import { parseDuration } from '../../core/duration.js';
import { stringifyJson } from '../../core/stringify-json.js';
import { checkSubject, durationCheck, saveFromSubject } from '../checks.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { worstStatus } from '../results.js';
import { Scope } from '../scope.js';
import { noteVariable } from '../secret-variables.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';

import { nestedDepth } from '../nesting.js';
import { renderDefaultHeaders } from '../default-headers.js';
import type { LoadedAction } from '../../loader/project.js';
import { LAST_RESPONSE } from '../send-and-check.js';

/**
 * `do: order.create` — runs the action's implementation for the run's driver (`api:` in an api
 * run, `ui:` in a ui run; never the other one) in a scope of its own (its parameters only;
 * scenario variables do not leak in), then checks and captures from the action's result: the
 * implementation's own `returns` (`{ steps, returns }`), else the action's, else the last
 * response body. An action without an implementation for the driver is refused at load time
 * (`REHEARSE_ACTION_LACKS_DRIVER`); here it aborts the step with the same code.
 */
export async function executeDo(step: DoStep, ctx: StepContext): Promise<StepOutcome> {
  const entry = ctx.engine.project.actions.get(step.do);
  if (!entry) throw stepAbort('REHEARSE_UNKNOWN_ACTION', `Unknown action "${step.do}".`);
  const { action } = entry;
  const driver = ctx.engine.run.driver === 'ui' ? 'ui' : 'api';
  const implementation = implementationOf(action, driver);
  if (!implementation)
    throw stepAbort(
      'REHEARSE_ACTION_LACKS_DRIVER',
      `Action "${step.do}" has no "${driver}:" implementation, so a ${driver} run cannot do it.`,
      `Add a "${driver}:" implementation to action "${step.do}" (${entry.origin.file}:${entry.origin.line}), or run the scenario with another driver.`,
    );
  const depth = nestedDepth(ctx, `action "${step.do}"`);
  const args = bindParameters(
    action.params ?? {},
    (step.with ? renderValue(step.with, ctx) : {}) as Record<string, unknown>,
    `action "${step.do}"`,
  );
  const scope = new Scope();
  const inner = withActionSession(entry, { ...ctx, scope, file: entry.origin.file, depth });
  defineParameters(inner, action.params ?? {}, args);

  const started = performance.now();
  const children = await runSteps(implementation.steps, inner);
  const durationMs = performance.now() - started;
  const status = worstStatus(children.map((c) => c.status).filter((s) => s !== 'skipped'));
  if (status === 'failed' || status === 'errored') return { children, status };

  const result =
    implementation.returns !== undefined
      ? renderValue(implementation.returns, inner)
      : lastResponseBody(children, scope);
  const checks = checkSubject(result, step.expect ?? {}, ctx);
  if (step.maxDuration) checks.push(durationCheck(durationMs, parseDuration(step.maxDuration) ?? 0, step.maxDuration));
  const captured = saveFromSubject(result, step.save, ctx);
  checks.push(...captured.checks);
  return { children, checks, saved: captured.saved };
}

/**
 * The context an action's steps run in: the transport seen through its action file's `cookies:`
 * (no cookies, or a jar of its own) and `headers:` (under each request's own, over the tenant
 * profile's and the environment's). Header templates are rendered when a request is built, in the
 * action's scope (its parameters, `tenant`, `env`, `run`).
 */
export function withActionSession(entry: LoadedAction, ctx: StepContext): StepContext {
  const transport = ctx.engine.transport;
  if ((!entry.headers && !entry.cookies) || !transport.scoped) return ctx;
  const inner: StepContext = { ...ctx };
  let scoped: ReturnType<NonNullable<typeof transport.scoped>> | undefined;
  const view = () =>
    (scoped ??= transport.scoped!({
      ...(entry.cookies ? { cookies: entry.cookies } : {}),
      headers: renderDefaultHeaders(entry.headers, {
        project: ctx.engine.project,
        redactor: ctx.engine.redactor,
        render: (template) => renderValue(template, inner),
      }),
    }));
  // Rendered on first use: the parameters are defined after the context is made.
  inner.engine = {
    ...ctx.engine,
    transport: {
      send: (request) => view().send(request),
      ...(transport.authHeaders ? { authHeaders: () => view().authHeaders!() } : {}),
      ...(transport.policy ? { policy: transport.policy } : {}),
      fork: () => view().fork?.() ?? view(),
      scoped: (narrower) => view().scoped?.(narrower) ?? view(),
    },
  };
  return inner;
}

function lastResponseBody(_children: unknown[], scope: Scope): unknown {
  const last = scope.get(LAST_RESPONSE) as { body?: unknown } | undefined;
  return last?.body;
}

/**
 * Defines bound parameters in the step's scope; a parameter declared `secret: true` (or named
 * like one, `password`) makes its value a secret of the run (masked wherever it appears, also
 * in a GraphQL variable or a body field of any name) before any step of the block runs.
 */
export function defineParameters(
  ctx: StepContext,
  params: Record<string, ParamSpec>,
  args: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(args)) {
    noteVariable(ctx, name, value, { declared: params[name]?.secret === true });
    ctx.scope.define(name, value);
  }
}

/** Applies defaults, refuses unknown and missing parameters, and checks types. */
export function bindParameters(
  params: Record<string, ParamSpec>,
  given: Record<string, unknown>,
  owner: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(given)) {
    if (!(name in params)) throw stepAbort('REHEARSE_UNKNOWN_PARAMETER', `Unknown parameter "${name}" for ${owner}.`);
  }
  for (const [name, spec] of Object.entries(params)) {
    const value = name in given && given[name] !== undefined ? given[name] : spec.default;
    if (value === undefined) {
      if (spec.required)
        throw stepAbort('REHEARSE_MISSING_PARAMETER', `Missing required parameter "${name}" for ${owner}.`);
      continue;
    }
    if (!hasType(value, spec.type)) {
      throw stepAbort(
        'REHEARSE_PARAMETER_TYPE',
        `Parameter "${name}" of ${owner} must be ${spec.type}, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}${spec.secret ? ' (a secret: not shown)' : ` ${stringifyJson(value)?.slice(0, 60)}`}.`,
        'Check the value passed under "with:" (a whole-string {{ expression }} keeps its type).',
      );
    }
    out[name] = value;
  }
  return out;
}

function hasType(value: unknown, type: ParamSpec['type']): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      // A bigint is an integer read exactly beyond 2^53 (a 64-bit id).
      return Number.isInteger(value) || typeof value === 'bigint';
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint';
    default:
      return typeof value === type;
  }
}
