import type { SummaryDrill } from '../schema/index.js';

/** Column titles of a drill's table in the summary (Markdown and HTML): one row per tenant. */
export const DRILL_COLUMNS = [
  'Tenant',
  'Transactions',
  'Downtime',
  'RTO',
  'RPO',
  'Records lost / changed / duplicated',
  'Jobs once / in flight (duplicated, unfinished)',
  'Per operation: failed, p95 shift',
] as const;

/** A drill's headline: `✓ restore-from-snapshot passed · staging · 2026-… · 42.1 s`. */
export function drillHeadline(drill: SummaryDrill): string {
  const mark = drill.status === 'passed' ? '✓' : '✗';
  return `${mark} ${drill.drill} ${drill.status} · ${drill.environment} · ${drill.startedAt} · ${seconds(drill.durationMs)}`;
}

/** A drill's cells per tenant, as text, in `DRILL_COLUMNS` order (durations in s, ratios as ×). */
export function drillRows(drill: SummaryDrill): string[][] {
  return drill.tenants.map((t) => [
    t.tenant,
    `${t.transactions.passed} good, ${t.transactions.failed} failed`,
    t.downtimeMs ? `${seconds(t.downtimeMs)} (longest ${seconds(t.longestDowntimeMs)})` : '0',
    t.rtoMs === undefined ? '—' : t.rtoMs === null ? 'never recovered' : seconds(t.rtoMs),
    t.rpoMs === undefined ? '—' : seconds(t.rpoMs),
    `${t.records.lost} / ${t.records.changed} / ${t.records.duplicated} of ${t.records.confirmed}`,
    t.jobs.unavailable
      ? `n/a (${t.jobs.unavailable})`
      : `${t.jobs.completedOnce} / ${t.jobs.inFlight} (${t.jobs.duplicated}, ${t.jobs.unfinished})`,
    t.operations
      .map(
        (o) =>
          `${o.name}: ${o.failed} of ${o.transactions}, p95 ${o.latencyShift.p95 === undefined ? 'n/a' : `${o.latencyShift.p95.toFixed(2)}×`}`,
      )
      .join('; ') || '—',
  ]);
}

/** The thresholds that did not hold, as `rto < 1m (actual 75.2 s, high-volume)`. */
export function failedThresholds(drill: SummaryDrill): string[] {
  return drill.verdicts
    .filter((v) => !v.passed)
    .map(
      (v) =>
        `${v.threshold} (actual ${v.actual === null ? 'not measured' : v.actual}${v.tenant ? `, ${v.tenant}` : ''})`,
    );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
