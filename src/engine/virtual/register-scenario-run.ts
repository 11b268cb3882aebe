import type { EngineContext, RunInfo } from '../context.js';

/**
 * The identity of a scenario run that fault draws are keyed on: scenario,
 * tenant profile, driver and repeat index — the same in every run that
 * replays it, whichever worker runs it and whatever ran before (a trace id is
 * new each time, a counter depends on the order).
 *
 * @example
 * scenarioRunKey({ scenario: 'b-flaky', tenant: 'standard', driver: 'api', ... }) // '["b-flaky","standard","api",0]'
 */
export function scenarioRunKey(run: RunInfo): string {
  return JSON.stringify([run.scenario, run.tenant, run.driver, run.repeatIndex ?? 0]);
}

/** How long a registration may take at most, ms. */
const REGISTER_TIMEOUT_MS = 5000;

/**
 * Tells the virtual services (`PUT /__admin/runs/<trace id>`) that this run's
 * trace id is this scenario run, with the run's `--seed`: the partner calls
 * that carry the trace id (the target passes on `traceparent`) then draw
 * their faults from the run's seed and identity, whatever seed the server
 * started with. Best effort: the scenario may never call a partner, so a
 * server that cannot be reached (or an older one) does not fail it — its
 * faults are then drawn from the server's seed and the trace id, which do not
 * replay. Returns whether the server took it.
 */
export async function registerScenarioRun(engine: EngineContext): Promise<boolean> {
  if (!engine.virtualUrl) return false;
  const result = await engine.transport.send({
    method: 'PUT',
    url: `${engine.virtualUrl.replace(/\/+$/, '')}/__admin/runs/${engine.run.traceId}`,
    body: { json: { seed: engine.run.seed, key: scenarioRunKey(engine.run) } },
    noAuth: true,
    // Short: a server that does not answer must not hold up a scenario that may never call a partner.
    timeoutMs: Math.min(engine.requestTimeoutMs, REGISTER_TIMEOUT_MS),
    signal: engine.signal,
  });
  return result.ok && result.response.status < 400;
}
