import { formatDuration } from '../core/duration.js';
import type { DrillResults, DrillVerdict, LatencySummary } from './drill-results.js';
import { notMeasured } from './judge-drill.js';

const dur = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : formatDuration(Math.round(ms)));
const lat = (l: LatencySummary) =>
  l.count ? `p50 ${dur(l.p50Ms)} p95 ${dur(l.p95Ms)} (${l.count} ok)` : 'no good transaction';

/** A failure as a reader needs it: where it failed (the key), then what the target answered. */
export function causeText(failure: { failure?: string; cause?: string }): string {
  return `${failure.failure ?? 'failed'}${failure.cause ? ` — ${failure.cause}` : ''}`;
}

/** The actual value of a verdict as the threshold reads: a duration, a ratio, or a count. */
export function verdictValue(verdict: DrillVerdict): string {
  if (verdict.actual === null) return 'not measured';
  if (/^(downtime|rto|rpo)\b/.test(verdict.threshold)) return dur(verdict.actual);
  if (verdict.threshold.startsWith('latencyShift')) return `${verdict.actual}x`;
  return String(verdict.actual);
}

/**
 * A drill's results for the terminal: the phases with their times, per tenant the measured
 * figures (downtime, RTO, failures and latency per operation against the baseline,
 * reconciliation, jobs), then each threshold with ✓ or ✗.
 */
export function renderDrillText(results: DrillResults): string {
  const lines: string[] = [];
  lines.push(
    `Drill ${results.drill} (${results.file}) on ${results.environment}: ${results.status} in ${dur(results.durationMs)}`,
  );
  lines.push('Phases:');
  for (const p of results.phases)
    lines.push(
      `  ${p.index + 1}. ${p.name.padEnd(24)} ${(p.startMs / 1000).toFixed(1).padStart(6)}s → ${(p.endMs / 1000).toFixed(1).padStart(6)}s  ${p.outcome}${p.outcome !== 'done' && p.detail ? `: ${p.detail}` : ''}`,
    );
  for (const t of results.tenants) {
    lines.push(
      `Tenant ${t.tenant}: ${t.transactions.passed}/${t.transactions.total} transactions good; baseline ${lat(t.baseline)}`,
    );
    lines.push(
      `  downtime ${dur(t.downtime.totalMs)} (${t.downtime.windows.length} window(s), longest ${dur(t.downtime.longestMs)})` +
        (t.rtoMs !== undefined ? `; RTO ${t.rtoMs === null ? 'not recovered' : dur(t.rtoMs)}` : '') +
        (t.operations.some(notMeasured) ? ' — not measured through every operation' : ''),
    );
    for (const o of t.operations) {
      const shift = o.latencyShift.p95 !== undefined ? `, p95 ×${o.latencyShift.p95} of baseline` : '';
      if (notMeasured(o)) {
        lines.push(`  ${o.name} (${o.kind}): not measured: no transaction ran during it`);
        continue;
      }
      if (!o.transactions) {
        lines.push(
          `  ${o.name} (${o.kind}): ${o.overlapping} transaction(s) ran through it, each counted with a later operation (they ended after it)`,
        );
        continue;
      }
      lines.push(
        `  ${o.name} (${o.kind}): ${o.failed}/${o.transactions} failed; ${lat(o.latency)}${shift}${o.rtoMs !== undefined ? `; RTO ${o.rtoMs === null ? 'none' : dur(o.rtoMs)}` : ''}`,
      );
      if (o.firstFailure)
        lines.push(`    first failure at ${(o.firstFailure.atMs / 1000).toFixed(1)}s: ${causeText(o.firstFailure)}`);
    }
    const r = t.reconciliation;
    lines.push(
      `  records: ${r.confirmed} confirmed, ${r.presentSame} present-same, ${r.lost} lost, ${r.changed} changed, ${r.duplicated} duplicated` +
        (r.unreadable ? `, ${r.unreadable} unreadable` : '') +
        (r.rpoMs !== undefined ? `; recovery point ${dur(r.rpoMs)}` : ''),
    );
    for (const problem of r.problems.slice(0, 5))
      lines.push(
        `    ${problem.status} ${problem.record} ${problem.id}${problem.ageMs !== undefined ? ` (age ${dur(problem.ageMs)})` : ''}: ${problem.detail}`,
      );
    if (r.problems.length > 5) lines.push(`    … ${r.problems.length - 5} more in drill-results.json`);
    const j = t.jobs;
    lines.push(
      j.unavailable
        ? `  jobs: not measured (${j.unavailable})`
        : `  jobs in flight at operations: ${j.inFlight}; ${j.completedOnce} completed once, ${j.unfinished} unfinished, ${j.duplicated} duplicated, ${j.gone} gone`,
    );
    // Gone jobs are by design after a restore; they are problems where the drill judges them.
    const judgesGone = results.verdicts.some((v) => v.threshold.startsWith('jobs.lost'));
    for (const problem of j.problems.filter((p) => judgesGone || p.status !== 'gone').slice(0, 5))
      lines.push(`    ${problem.status} job ${problem.id} ${problem.type} ${problem.ref}: ${problem.detail}`);
  }
  if (results.skippedArrivals)
    lines.push(
      `Skipped arrivals: ${results.skippedArrivals} (maxInFlight transactions were still running: the target was that slow, and what those arrivals would have met is not measured)`,
    );
  if (results.verdicts.length) lines.push('Thresholds:');
  for (const v of results.verdicts) {
    lines.push(
      `  ${v.passed ? '✓' : '✗'} ${v.threshold}${v.actual !== null || !v.passed ? ` — ${verdictValue(v)}${v.tenant ? ` (${v.tenant})` : ''}` : ''}`,
    );
    // A failed check reads as every failed check of Rehearse does: what was expected, what was found.
    if (!v.passed) lines.push(...expectedActual(v, results).map((line) => `      ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The `expected:` and `actual:` lines of a threshold that did not hold: the threshold as
 * written, and the value measured on the worst tenant, or why nothing could be measured.
 *
 * @example
 * expectedActual({ threshold: 'rto < 1m', passed: false, actual: null, tenant: 'standard' }, results);
 * // ['expected: rto < 1m', 'actual:   not measured — no good transaction started after roll back ended (standard)']
 */
export function expectedActual(verdict: DrillVerdict, results: DrillResults): string[] {
  const phase = /^phase (\d+) /.exec(verdict.threshold);
  if (phase) {
    const record = results.phases[Number(phase[1]) - 1];
    return [
      'expected: the phase completes',
      `actual:   ${record ? `${record.outcome}${record.detail ? `: ${record.detail}` : ''}` : 'it did not run'}`,
    ];
  }
  const who = verdict.tenant ? ` (${verdict.tenant})` : '';
  const actual = verdict.actual === null ? `not measured — ${unmeasuredWhy(verdict, results)}` : verdictValue(verdict);
  return [`expected: ${verdict.threshold}`, `actual:   ${actual}${who}`];
}

/** Why a threshold's figure has no value for its tenant, in the reader's terms. */
function unmeasuredWhy(verdict: DrillVerdict, results: DrillResults): string {
  const tenant = results.tenants.find((t) => t.tenant === verdict.tenant);
  if (!tenant) return 'no tenant was measured';
  const figure = verdict.threshold.split(' ')[0] ?? '';
  const unseen = tenant.operations.filter(notMeasured).map((o) => o.name);
  if ((figure === 'failed' || figure === 'downtime') && unseen.length)
    return `no transaction ran through ${unseen.join(', ')}`;
  if (figure === 'rto') {
    const stuck = tenant.operations.filter((o) => o.rtoMs === null).map((o) => o.name);
    return stuck.length
      ? `no good transaction started after ${stuck.join(', ')} ended`
      : 'no restore or rollback operation ran';
  }
  if (figure.startsWith('latencyShift')) {
    const none = tenant.operations.filter((o) => !o.latency.count).map((o) => o.name);
    return none.length ? `no good transaction during ${none.join(', ')}` : 'the baseline had no good transaction';
  }
  if (figure.startsWith('jobs.') && tenant.jobs.unavailable) return tenant.jobs.unavailable;
  return 'no value';
}
