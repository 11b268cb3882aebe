import type { DrillTransaction } from './drill-results.js';
import type { DrillPorts, TransactionOutcome } from './drill-ports.js';
import { sleep } from './sleep.js';

export interface SteadyTrafficOptions {
  tenants: readonly string[];
  /** Taken in turn, per tenant. */
  scenarios: readonly string[];
  /** A transaction starts every `intervalMs` per tenant (open model: whether or not the last one ended). */
  intervalMs: number;
  /** Per tenant; an arrival beyond is skipped and counted. */
  maxInFlight: number;
  /** A transaction running longer is aborted and counts as failed. */
  timeoutMs: number;
  ports: DrillPorts;
  /** ms since the drill's start. */
  clock: () => number;
  onTransaction: (transaction: DrillTransaction, outcome: TransactionOutcome) => void;
}

export interface SteadyTraffic {
  /** Arrivals skipped because `maxInFlight` transactions of the tenant were still running. */
  readonly skipped: number;
  /** No more starts; waits for the running ones up to `graceMs`, then aborts them. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Steady synthetic traffic for the whole drill: per tenant, a transaction (the next traffic
 * scenario) starts every `intervalMs`, measured from its start, each with its own timeout. An
 * open model on purpose: a stalled target must not slow the arrivals down, or an outage would
 * hide behind fewer, longer transactions.
 */
export function startSteadyTraffic(options: SteadyTrafficOptions): SteadyTraffic {
  const stopping = new AbortController();
  const aborting = new AbortController();
  const running = new Set<Promise<void>>();
  let skipped = 0;

  const one = async (tenant: string, scenario: string) => {
    const atMs = options.clock();
    const signal = AbortSignal.any([aborting.signal, AbortSignal.timeout(options.timeoutMs)]);
    let outcome: TransactionOutcome;
    try {
      outcome = await options.ports.transact({ tenant, scenario, signal });
    } catch (error) {
      outcome = {
        passed: false,
        failure: `error: ${error instanceof Error ? error.message : String(error)}`,
        saved: {},
      };
    }
    if (signal.aborted && !outcome.passed)
      outcome = {
        ...outcome,
        failure: aborting.signal.aborted ? 'interrupted' : `timed out after ${options.timeoutMs} ms`,
      };
    const transaction: DrillTransaction = {
      tenant,
      scenario,
      atMs,
      durationMs: Math.max(0, options.clock() - atMs),
      passed: outcome.passed,
      ...(outcome.failure !== undefined ? { failure: outcome.failure } : {}),
      ...(outcome.cause !== undefined && !outcome.passed ? { cause: outcome.cause } : {}),
    };
    options.onTransaction(transaction, outcome);
  };

  const loop = async (tenant: string) => {
    let inFlight = 0;
    let next = options.clock();
    let turn = 0;
    while (!stopping.signal.aborted) {
      if (inFlight >= options.maxInFlight) skipped++;
      else {
        inFlight++;
        const scenario = options.scenarios[turn++ % options.scenarios.length]!;
        const p = one(tenant, scenario).finally(() => {
          inFlight--;
          running.delete(p);
        });
        running.add(p);
      }
      next += options.intervalMs;
      await sleep(next - options.clock(), stopping.signal);
    }
  };
  const loops = options.tenants.map((tenant) => loop(tenant));

  return {
    get skipped() {
      return skipped;
    },
    async stop(graceMs) {
      stopping.abort();
      await Promise.all(loops);
      const grace = new AbortController();
      await Promise.race([Promise.all([...running]), sleep(graceMs, grace.signal)]);
      grace.abort();
      aborting.abort();
      await Promise.all([...running]);
    },
  };
}
