import { RehearseError } from '../../core/errors.js';

/** What a run tells the virtual services about one of its scenario runs (by the trace id it sends). */
export interface ScenarioRunInfo {
  /** The run's `--seed`: the draws of this scenario run's traffic use it instead of the server's seed. */
  seed: string;
  /** The scenario run's identity (scenario, tenant, driver, repeat index), the same in every run that replays it. */
  key: string;
}

/** Whose draws a call makes, and which call it is on its route: the name of its random stream. */
export interface CallKey {
  /** The run's seed when its trace is registered, else the server's. */
  seed: string;
  /** `['run', key]`, `['trace', traceId]` (an unregistered trace) or `['tenant', id]` (no trace at all). */
  owner: readonly [string, string];
  /** 1 for the owner's first call to this partner route, 2 for the second, ... */
  index: number;
}

interface Owner {
  run?: ScenarioRunInfo;
  /** Calls per partner, then per route: keys the hub already holds, no string built per call. */
  calls: Map<string, Map<string, number>>;
}

/** Traces (and untraced tenants) remembered at most, oldest forgotten first: a long-lived serve stays bounded. */
export const SCENARIO_RUNS_KEPT = 10_000;

const TRACE_ID = /^(?!0{32})[\da-f]{32}$/;

/**
 * The scenario runs the virtual services know, and how many calls each made
 * per partner route. Fault draws are keyed on (seed, owner, partner, route,
 * call index), so a scenario run's faults depend on its own calls only — not
 * on other scenarios, workers, earlier runs against the same server, or
 * untraced background traffic. Calls without a trace id can only be told
 * apart by tenant: their index counts all of that tenant's untraced calls.
 *
 * @example
 * const runs = new ScenarioRuns();
 * runs.register('4bf92f3577b34da6a3ce929d0e0e4736', { seed: '7', key: '["b-flaky","standard","api",0]' });
 * runs.nextCall({ traceId: '4bf9…', tenant: 'acme', partner: 'carrier', route: 'GET /tracking/:n' }, '42')
 * // { seed: '7', owner: ['run', '["b-flaky",…]'], index: 1 }
 */
export class ScenarioRuns {
  private readonly owners = new Map<string, Owner>();
  /** The owner touched last: already the Map's last entry, so touching it again needs no move. */
  private newest: string | undefined;

  constructor(private readonly limit = SCENARIO_RUNS_KEPT) {}

  /**
   * Tells which scenario run a trace id is and which seed its draws use.
   * Raises `REHEARSE_VIRTUAL_RUN_INVALID` (HTTP 400) for a trace id that is
   * not 32 lower-case hex digits (W3C Trace Context) or an empty seed or key.
   */
  register(traceId: string, info: ScenarioRunInfo): ScenarioRunInfo {
    const id = String(traceId).toLowerCase();
    const problem = !TRACE_ID.test(id)
      ? `"${traceId}" is not a W3C trace id (32 hex digits, not all zero)`
      : typeof info.seed !== 'string' || info.seed === '' || info.seed.length > 200
        ? '"seed" must be a non-empty string of at most 200 characters'
        : typeof info.key !== 'string' || info.key === '' || info.key.length > 2000
          ? '"key" must be a non-empty string of at most 2000 characters'
          : undefined;
    if (problem)
      throw new RehearseError('REHEARSE_VIRTUAL_RUN_INVALID', `Failed to register the scenario run: ${problem}.`, {
        hint: 'Send PUT /__admin/runs/<trace id> with { "seed": "<run seed>", "key": "<scenario run identity>" }.',
      });
    const run = { seed: info.seed, key: info.key };
    this.owner(`trace:${id}`).run = run;
    return run;
  }

  /** Counts one call of a partner's route (`GET /tracking/:n`) and names its draws. */
  nextCall(
    call: { traceId: string | undefined; tenant: string | undefined; partner: string; route: string },
    serverSeed: string,
  ): CallKey {
    const name = call.traceId !== undefined ? `trace:${call.traceId}` : `tenant:${call.tenant ?? '-'}`;
    const owner = this.owner(name);
    let routes = owner.calls.get(call.partner);
    if (!routes) owner.calls.set(call.partner, (routes = new Map()));
    const index = (routes.get(call.route) ?? 0) + 1;
    routes.set(call.route, index);
    if (owner.run) return { seed: owner.run.seed, owner: ['run', owner.run.key], index };
    return {
      seed: serverSeed,
      owner: call.traceId !== undefined ? ['trace', call.traceId] : ['tenant', call.tenant ?? '-'],
      index,
    };
  }

  /** Forgets every run and call count (a full reset: as the server started). */
  clear(): void {
    this.owners.clear();
    this.newest = undefined;
  }

  private owner(name: string): Owner {
    const found = this.owners.get(name);
    if (found && name === this.newest) return found;
    this.newest = name;
    // Re-inserted so that the Map's order is least recently used first.
    if (found) this.owners.delete(name);
    const owner = found ?? { calls: new Map() };
    this.owners.set(name, owner);
    if (this.owners.size > this.limit) this.owners.delete(this.owners.keys().next().value!);
    return owner;
  }
}
