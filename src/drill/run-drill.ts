import { parseDuration } from '../core/duration.js';
import type { LoadedDrill } from '../loader/load-drill.js';
import type { DrillPhase } from '../schema/index.js';
import {
  DRILL_RESULTS_VERSION,
  MAX_KEPT_TRANSACTIONS,
  type DrillResults,
  type DrillTransaction,
  type PhaseRecord,
  type TenantFigures,
} from './drill-results.js';
import type { DrillPorts } from './drill-ports.js';
import { judgeDrill } from './judge-drill.js';
import { downtimeOf, failedAfterBaseline, latencyOf, operationFigures } from './measure-traffic.js';
import { confirmRecords, reconcileRecords, type ConfirmedRecord } from './reconcile-records.js';
import { causeText } from './render-drill-text.js';
import { runOperation } from './run-operation.js';
import { sleep } from './sleep.js';
import { startSteadyTraffic } from './steady-traffic.js';
import { inFlight, jobFigures, listJobs, type JobRow } from './track-jobs.js';

export interface RunDrillOptions {
  loaded: LoadedDrill;
  ports: DrillPorts;
  /** The tenants the traffic runs as (already chosen: `--tenant`, the file's, or the scenarios'). */
  tenants: readonly string[];
  environment: { name: string; baseUrl: string; allowedHosts: readonly string[] };
  /** Variables shell operations get, and `{{ env.NAME }}` in HTTP operations (the sandbox's URL and admin token). */
  operationEnv: Record<string, string>;
  /** Masks secrets in what operations print and answer. */
  redact: (text: string) => string;
  /** Ctrl-C: traffic and the running operation stop; what was measured is returned (`interrupted`). */
  signal: AbortSignal;
}

const ms = (text: string | undefined, fallback: number) =>
  text === undefined ? fallback : (parseDuration(text) ?? fallback);

/**
 * Runs a drill: steady traffic (the traffic scenarios per tenant) from the start to the end,
 * a baseline first, then the phases in order (an operation that fails ends the phases), then
 * the traffic stops, jobs are given `settle` to finish, every confirmed record is re-read and
 * the figures are measured and judged per tenant (see `TenantFigures`). `target-down`: some
 * tenant had no good transaction in the baseline (nothing after it could be measured against it).
 * Bounded: every operation, check and transaction has a timeout; `signal` ends it early.
 */
export async function runDrill(options: RunDrillOptions): Promise<DrillResults> {
  const { drill, thresholds } = options.loaded;
  const { ports, tenants } = options;
  const started = Date.now();
  const clock = () => Date.now() - started;
  const baselineMs = ms(drill.baseline, 10_000);
  const intervalMs =
    drill.traffic.ratePerSecond !== undefined ? 1000 / drill.traffic.ratePerSecond : ms(drill.traffic.every, 1000);
  const timeoutMs = ms(drill.traffic.timeout, 60_000);
  const transactions: DrillTransaction[] = [];
  const confirmed: ConfirmedRecord[] = [];
  const confirming = new Set<Promise<void>>();
  const kinds = drill.records ?? {};
  const background = new AbortController();
  const onAbort = () => background.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });

  const record = (transaction: DrillTransaction, saved: Record<string, unknown>) => {
    transactions.push(transaction);
    if (!transaction.passed || !Object.keys(kinds).length) return;
    const p = confirmRecords({
      kinds,
      tenant: transaction.tenant,
      saved,
      atMs: transaction.atMs + transaction.durationMs,
      ports,
      signal: background.signal,
    })
      .then((records) => void confirmed.push(...records))
      .finally(() => confirming.delete(p));
    confirming.add(p);
  };
  ports.log(
    `Traffic: ${drill.traffic.scenarios.join(', ')} × ${tenants.join(', ')}, one every ${Math.round(intervalMs)} ms per tenant; baseline ${baselineMs / 1000}s.`,
  );
  const traffic = startSteadyTraffic({
    tenants,
    scenarios: drill.traffic.scenarios,
    intervalMs,
    maxInFlight: drill.traffic.maxInFlight ?? 4,
    timeoutMs,
    ports,
    clock,
    onTransaction: (t, outcome) => record(t, outcome.saved),
  });

  const phases: PhaseRecord[] = [];
  const tracked = new Map<string, Map<number, JobRow>>(tenants.map((t) => [t, new Map()]));
  let jobsUnavailable: string | undefined;
  const trackJobs = async () => {
    if (jobsUnavailable) return;
    for (const tenant of tenants) {
      const jobs = await listJobs(ports, tenant, background.signal);
      if ('unavailable' in jobs) {
        jobsUnavailable = jobs.unavailable;
        return;
      }
      for (const job of inFlight(jobs)) if (!tracked.get(tenant)!.has(job.id)) tracked.get(tenant)!.set(job.id, job);
    }
  };
  const settled = async (withinMs: number) => {
    const until = clock() + withinMs;
    while (clock() < until && !options.signal.aborted) {
      let busy = 0;
      for (const tenant of tenants) {
        const jobs = await listJobs(ports, tenant, background.signal);
        if ('unavailable' in jobs) return true;
        busy += inFlight(jobs).length;
      }
      if (!busy) return true;
      await sleep(500, options.signal);
    }
    return false;
  };
  let status: DrillResults['status'] = 'passed';

  await sleep(baselineMs, options.signal);
  const inBaseline = (tenant: string) => transactions.filter((t) => t.tenant === tenant && t.atMs < baselineMs);
  const down = baselineMs > 0 ? tenants.filter((tenant) => !inBaseline(tenant).some((t) => t.passed)) : [];
  if (options.signal.aborted) status = 'interrupted';
  else if (down.length) {
    status = 'target-down';
    ports.log(`✗ No good transaction for ${down.join(', ')} during the ${baselineMs / 1000}s baseline: no phase ran.`);
    // "Not ready" is one cause among several: a check that fails (a product defect) or a 401 from
    // stale credentials also leave the baseline empty, and each wants a different fix.
    for (const tenant of down) ports.log(`  ${tenant}: ${baselineCause(inBaseline(tenant))}`);
  }

  let stopPhases = status !== 'passed';
  for (const [index, phase] of drill.phases.entries()) {
    const base = describePhase(phase, index, options.loaded.phaseLocations[index] ?? options.loaded.file);
    if (stopPhases) {
      phases.push({
        ...base,
        startMs: clock(),
        endMs: clock(),
        outcome: options.signal.aborted ? 'interrupted' : 'skipped',
      });
      continue;
    }
    const startMs = clock();
    ports.log(`▶ Phase ${index + 1}: ${base.name} (at ${(startMs / 1000).toFixed(1)}s)`);
    const result = await runPhase(phase, index, {
      ...options,
      clock,
      transactions,
      record,
      trackJobs,
      settled,
      startedPhases: phases,
    });
    phases.push({ ...base, startMs, endMs: clock(), ...result });
    if (result.outcome === 'interrupted') warnInterrupted(ports, base, drill.phases.slice(index + 1), result.detail);
    else if (result.outcome !== 'done') ports.log(`  ✗ ${result.outcome}${result.detail ? `: ${result.detail}` : ''}`);
    if (options.signal.aborted) status = 'interrupted';
    // An operation that did not happen leaves nothing to measure recovery from.
    if (
      options.signal.aborted ||
      ((phase as { operation?: unknown }).operation !== undefined && result.outcome !== 'done')
    )
      stopPhases = true;
  }

  ports.log('Stopping the traffic…');
  await traffic.stop(options.signal.aborted ? 0 : timeoutMs);
  const settleMs = ms(drill.settle, 30_000);
  if (!options.signal.aborted && tracked.size) {
    ports.log(
      `Waiting up to ${settleMs / 1000}s for jobs to settle, then reconciling ${confirmed.length + confirming.size} confirmed record(s)…`,
    );
    await settled(settleMs);
  }
  await Promise.all([...confirming]);
  const endMs = clock();
  const recovery = phases.find(
    (p) => p.type === 'operation' && (p.kind === 'restore' || p.kind === 'rollback') && p.outcome !== 'skipped',
  );
  const figures: TenantFigures[] = [];
  for (const tenant of tenants) {
    const mine = transactions
      .filter((t) => t.tenant === tenant && t.phase === undefined)
      .sort((a, b) => a.atMs - b.atMs);
    const baseline = latencyOf(mine.filter((t) => t.atMs < baselineMs));
    const operations = operationFigures(mine, phases, baseline, endMs);
    const rtos = operations.flatMap((o) => (o.rtoMs === undefined ? [] : [o.rtoMs]));
    const reconciliation = await reconcileRecords({
      confirmed: confirmed.filter((r) => r.tenant === tenant),
      kinds,
      ports,
      recoveryStartMs: recovery?.startMs,
      signal: background.signal,
    });
    const after = jobsUnavailable ? [] : await listJobs(ports, tenant, background.signal);
    const jobs =
      jobsUnavailable || 'unavailable' in after
        ? {
            ...jobFigures(new Map(), []),
            unavailable: jobsUnavailable ?? (after as { unavailable: string }).unavailable,
          }
        : jobFigures(tracked.get(tenant)!, after);
    figures.push({
      tenant,
      transactions: {
        total: mine.length,
        passed: mine.filter((t) => t.passed).length,
        failed: mine.filter((t) => !t.passed).length,
      },
      failedAfterBaseline: failedAfterBaseline(mine, baselineMs),
      baseline,
      downtime: downtimeOf(mine, endMs),
      ...(rtos.length ? { rtoMs: rtos.some((r) => r === null) ? null : Math.max(...(rtos as number[])) } : {}),
      operations,
      reconciliation,
      jobs,
    });
  }
  options.signal.removeEventListener('abort', onAbort);
  const verdicts = status !== 'interrupted' && status !== 'target-down' ? judgeDrill(thresholds, figures) : [];
  for (const phase of phases)
    if (phase.outcome === 'failed' || phase.outcome === 'timed-out')
      verdicts.push({ threshold: `phase ${phase.index + 1} (${phase.name}) completes`, passed: false, actual: null });
  if (status === 'passed' && verdicts.some((v) => !v.passed)) status = 'failed';
  const sorted = transactions.sort((a, b) => a.atMs - b.atMs);
  return {
    schemaVersion: DRILL_RESULTS_VERSION,
    drill: drill.drill,
    file: options.loaded.file,
    environment: options.environment.name,
    targetUrl: options.redact(options.environment.baseUrl),
    startedAt: new Date(started).toISOString(),
    durationMs: endMs,
    baselineMs,
    status,
    phases,
    tenants: figures,
    verdicts,
    transactions: sorted.slice(0, MAX_KEPT_TRANSACTIONS),
    droppedTransactions: Math.max(0, sorted.length - MAX_KEPT_TRANSACTIONS),
    skippedArrivals: traffic.skipped,
  };
}

/**
 * Why a tenant's baseline had no good transaction, from its first failed transaction: where it
 * failed and what the target answered (`order.create: check status (eq) — 401 UNAUTHENTICATED: …`).
 */
export function baselineCause(baseline: readonly DrillTransaction[]): string {
  const first = [...baseline].filter((t) => !t.passed).sort((a, b) => a.atMs - b.atMs)[0];
  if (!first) return 'no transaction ended during the baseline (the target did not answer in time)';
  return `${baseline.filter((t) => !t.passed).length} failed; the first: ${causeText(first)}`;
}

type PhaseBase = Omit<PhaseRecord, 'startMs' | 'endMs' | 'outcome' | 'detail'>;

/**
 * Says, on Ctrl-C or SIGTERM, what state the target may be left in: an operation stopped half
 * way (which one, what was running) or the operations of the phases that will not run now (a
 * rollback after a release, a worker start after its stop). A drill rehearses changes to a
 * shared environment; whoever stopped it has to know what to put right.
 */
function warnInterrupted(
  ports: DrillPorts,
  phase: PhaseBase,
  rest: readonly DrillPhase[],
  detail: string | undefined,
): void {
  const at = `phase ${phase.index + 1} (${phase.name}${phase.kind ? `, ${phase.kind}` : ''})`;
  ports.log(
    phase.type === 'operation'
      ? `  ⚠ Interrupted in the middle of operation ${at}: the target may be left mid-${phase.kind && phase.kind !== 'other' ? phase.kind : 'operation'}.${detail ? ` ${detail}.` : ''}`
      : `  ⚠ Interrupted in ${at}.`,
  );
  const skipped = rest.flatMap((p, i) =>
    'operation' in p ? [`phase ${phase.index + i + 2} (${p.name ?? p.kind ?? 'other'})`] : [],
  );
  if (skipped.length)
    ports.log(
      `  ⚠ Operations that will not run now: ${skipped.join(', ')}. Check the target's state before the next drill or run.`,
    );
  else if (phase.type === 'operation') ports.log("  ⚠ Check the target's state before the next drill or run.");
}

function describePhase(phase: DrillPhase, index: number, location: string): PhaseBase {
  if ('operation' in phase) {
    const kind = phase.kind ?? 'other';
    return { index, name: phase.name ?? kind, type: 'operation', kind, location };
  }
  if ('scenarios' in phase)
    return { index, name: phase.name ?? `scenarios ${phase.scenarios.join(', ')}`, type: 'scenarios', location };
  if ('wait' in phase) return { index, name: phase.name ?? `wait ${phase.wait}`, type: 'wait', location };
  return { index, name: phase.name ?? `check ${phase.check}`, type: 'check', location };
}

interface PhaseContext extends RunDrillOptions {
  clock: () => number;
  transactions: DrillTransaction[];
  record: (transaction: DrillTransaction, saved: Record<string, unknown>) => void;
  trackJobs: () => Promise<void>;
  settled: (withinMs: number) => Promise<boolean>;
  startedPhases: readonly PhaseRecord[];
}

async function runPhase(
  phase: DrillPhase,
  index: number,
  context: PhaseContext,
): Promise<Pick<PhaseRecord, 'outcome' | 'detail'>> {
  const { ports, signal } = context;
  if ('operation' in phase) {
    // The jobs in flight when it starts and when it ends are the ones it must not lose or run twice.
    await context.trackJobs();
    const outcome = await runOperation(phase.operation, {
      env: context.operationEnv,
      baseUrl: context.environment.baseUrl,
      allowedHosts: context.environment.allowedHosts,
      timeoutMs: ms(phase.operation.timeout, 120_000),
      signal,
      log: ports.log,
      redact: context.redact,
    });
    await context.trackJobs();
    return outcome;
  }
  if ('wait' in phase) {
    await sleep(ms(phase.wait, 0), signal);
    return { outcome: signal.aborted ? 'interrupted' : 'done' };
  }
  if ('scenarios' in phase) {
    const failures: string[] = [];
    const runs = (phase.tenants ?? context.tenants).flatMap((tenant) =>
      phase.scenarios.map((scenario) => ({ tenant, scenario })),
    );
    await Promise.all(
      runs.map(async ({ tenant, scenario }) => {
        const atMs = context.clock();
        const run = new AbortController();
        const timer = setTimeout(() => run.abort(), ms(context.loaded.drill.traffic.timeout, 60_000));
        const outcome = await ports.transact({ tenant, scenario, signal: AbortSignal.any([signal, run.signal]) });
        clearTimeout(timer);
        context.record(
          {
            tenant,
            scenario,
            atMs,
            durationMs: context.clock() - atMs,
            passed: outcome.passed,
            phase: index,
            ...(outcome.failure ? { failure: outcome.failure } : {}),
            ...(outcome.cause && !outcome.passed ? { cause: outcome.cause } : {}),
          },
          outcome.saved,
        );
        if (!outcome.passed)
          failures.push(
            `${scenario} × ${tenant}: ${outcome.failure ?? 'failed'}${outcome.cause ? ` (${outcome.cause})` : ''}`,
          );
      }),
    );
    return failures.length ? { outcome: 'failed', detail: failures.join('; ') } : { outcome: 'done' };
  }
  const withinMs = ms(phase.within, 120_000);
  if (phase.check === 'jobs-settled')
    return (await context.settled(withinMs))
      ? { outcome: 'done' }
      : { outcome: 'timed-out', detail: `jobs still in flight after ${withinMs} ms` };
  const lastOperation = [...context.startedPhases].reverse().find((p) => p.type === 'operation');
  const since = lastOperation?.endMs ?? 0;
  const until = context.clock() + withinMs;
  const waiting = () =>
    context.tenants.filter(
      (tenant) => !context.transactions.some((t) => t.tenant === tenant && t.passed && t.atMs >= since),
    );
  while (waiting().length && context.clock() < until && !signal.aborted) await sleep(200, signal);
  const left = waiting();
  return left.length
    ? {
        outcome: signal.aborted ? 'interrupted' : 'timed-out',
        detail: `no good transaction since the last operation for ${left.join(', ')} within ${withinMs} ms`,
      }
    : { outcome: 'done' };
}
