import type { SummaryLoad, SummaryLoadFigures, SummaryLoadThreshold } from '../schema/index.js';
import { percent } from './summary-text.js';

/** Column titles of a load's table in the summary (Markdown and HTML): the iteration, then each action. */
export const LOAD_COLUMNS = [
  'Tenant',
  'Metric',
  'Runs',
  'Error rate',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'Per second',
] as const;

/** A load's headline: `✓ order-flow × high-volume passed · sandbox · open model, start 0/s, 2s → 5/s · 2026-… · 2.4 s`. */
export function loadHeadline(load: SummaryLoad): string {
  const mark = load.status === 'passed' ? '✓' : '✗';
  const segments = load.segments.count > 1 ? ` · ${load.segments.count} segments` : '';
  return `${mark} load ${load.scenario} × ${load.tenant} ${load.status} · ${load.environment} · ${load.profile}${segments} · ${load.startedAt} · ${(load.durationMs / 1000).toFixed(1)} s`;
}

/** A load's cells, in `LOAD_COLUMNS` order: the iteration's row first, then one per action. */
export function loadRows(load: SummaryLoad): string[][] {
  const row = (metric: string, f: SummaryLoadFigures) => [
    load.tenant,
    metric,
    String(f.runs),
    f.errorRate === null ? 'n/a' : percent(f.errorRate),
    latency(f.p50Ms),
    latency(f.p95Ms),
    latency(f.p99Ms),
    String(f.throughputPerS),
  ];
  return [row('iteration', load.iteration), ...load.actions.map((a) => row(a.action, a))];
}

/** A threshold with what it measured: `✓ p95<2s — 48.1 ms`, `✗ error_rate<1% — 4 %`, `⚠` for an SLO. */
export function thresholdLine(v: SummaryLoadThreshold, failMark = '✗'): string {
  const measured =
    v.actual === null ? 'nothing measured' : v.unit === 'ratio' ? percent(v.actual) : `${round1(v.actual)} ms`;
  return `${v.passed ? '✓' : failMark} ${v.threshold} — ${measured}`;
}

/** The neighbour's lines: each scenario alone and under load, then each `--max-shift` with its shift. */
export function neighbourLines(load: SummaryLoad): string[] {
  const n = load.neighbour;
  if (!n) return [];
  const p95 = (m: { p95Ms?: number; runs: number }) =>
    m.p95Ms === undefined ? 'no run' : `p95 ${round1(m.p95Ms)} ms (${m.runs} run(s))`;
  return [
    ...n.scenarios.map((s) => `${n.tenant} · ${s.scenario}: alone ${p95(s.baseline)}, under load ${p95(s.underLoad)}`),
    ...n.shifts.map(
      (v) =>
        `${v.passed ? '✓' : '✗'} ${n.tenant} ${v.threshold} — ${
          v.shift === undefined
            ? 'no scenario was measured both alone and under load'
            : `${v.scenario ?? ''}: ${signed(v.shift * 100)}${/error_rate/.test(v.threshold) ? ' point(s)' : ' %'}`
        }`,
    ),
  ];
}

function latency(ms: number | undefined): string {
  return ms === undefined ? '—' : round1(ms);
}

function round1(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded >= 0 ? '+' : ''}${rounded}`;
}
