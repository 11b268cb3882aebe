import type { LoadResults } from '../schema/index.js';
import { errorRate, statsOf } from './load-results.js';
import type { LoadProfile } from './load-profile.js';
import { UNFINISHED, type LoadProgress } from './load-runner.js';
import type { ShiftVerdict } from './neighbour-shift.js';
import type { ThresholdVerdict } from './thresholds.js';

/** `20/s` or `10 VUs` for a profile target. */
export function targetText(model: 'open' | 'closed', target: number): string {
  return model === 'open' ? `${round1(target)}/s` : `${Math.round(target)} VU(s)`;
}

/** A profile in words: `open model, start 0/s, 10s → 20/s, 1m → 20/s` (a LoadProfile or a results file's). */
export function profileText(profile: Pick<LoadProfile, 'model' | 'start' | 'stages'>): string {
  return [
    `${profile.model} model`,
    `start ${targetText(profile.model, profile.start)}`,
    ...profile.stages.map((s) => `${s.durationMs / 1000}s → ${targetText(profile.model, s.target)}`),
  ].join(', ');
}

/** One live progress line: `[ 12s/30s] 20/s · 240 ended (1 failed) · 3 in flight · p95 212 ms`. */
export function progressLine(model: 'open' | 'closed', p: LoadProgress): string {
  const secs = (ms: number) => `${Math.floor(ms / 1000)}s`;
  return (
    `[${secs(p.elapsedMs).padStart(4)}/${secs(p.durationMs)}] ${targetText(model, p.target)} · ${p.runs} ended` +
    (p.failed ? ` (${p.failed} failed)` : '') +
    ` · ${p.inFlight} in flight` +
    (p.dropped ? ` · ${p.dropped} dropped` : '') +
    (p.recentP95Ms !== undefined ? ` · p95 ${ms(p.recentP95Ms)}` : '')
  );
}

/**
 * The end-of-run report, k6-like: what ran, the iteration's latency and error rate, each action's,
 * the errors by cause, each threshold with its measured value, and the SLOs judged as warnings.
 */
export function renderLoadReport(
  results: LoadResults,
  verdicts: readonly ThresholdVerdict[],
  sloWarnings: readonly ThresholdVerdict[] = [],
): string {
  const { load, segments, iterations } = results;
  const lines: string[] = [];
  lines.push(
    `Load: ${load.scenario} × ${load.tenant}, ${profileText(load)} against ${load.targetUrl}` +
      (segments.count > 1
        ? ` — segment(s) ${segments.merged.join(', ')} of ${segments.count}${segments.missing.length ? `, MISSING ${segments.missing.join(', ')}` : ''}`
        : ''),
  );
  const rate = errorRate(results);
  const unfinished = results.errors[UNFINISHED] ?? 0;
  lines.push(
    `  iterations   ${iterations.scheduled} started or due · ${results.iteration.runs} ended · ${results.iteration.failed} failed` +
      (unfinished ? ` (${unfinished} did not finish within the graceful stop, counted as failed)` : '') +
      ` · ${iterations.dropped} dropped · ${iterations.interrupted} interrupted — error rate ${rate === undefined ? 'n/a' : pct(rate)}`,
  );
  const width = Math.max(12, ...Object.keys(results.actions).map((a) => a.length));
  const row = (name: string, metric: LoadResults['iteration'], rateOf: number | undefined) => {
    const stats = statsOf(metric);
    return stats
      ? `  ${name.padEnd(width)} p50 ${ms(stats.p50Ms)} · p90 ${ms(stats.p90Ms)} · p95 ${ms(stats.p95Ms)} · p99 ${ms(stats.p99Ms)} · max ${ms(stats.maxMs)} · ${metric.runs} run(s), error rate ${rateOf === undefined ? 'n/a' : pct(rateOf)}`
      : `  ${name.padEnd(width)} no run ended`;
  };
  lines.push(row('iteration', results.iteration, rate));
  for (const [action, metric] of Object.entries(results.actions))
    lines.push(row(action, metric, errorRate(results, action)));
  const errors = Object.entries(results.errors);
  if (errors.length) {
    lines.push('Errors:');
    for (const [cause, n] of errors.slice(0, 10)) lines.push(`  ${n} × ${cause}`);
    if (errors.length > 10) lines.push(`  … and ${errors.length - 10} other cause(s)`);
  }
  const verdictLine = (v: ThresholdVerdict, failMark: string) =>
    `  ${v.passed ? '✓' : failMark} ${v.threshold}  (${v.actual === undefined ? 'nothing measured' : /error_rate/.test(v.threshold) ? pct(v.actual) : ms(v.actual)})`;
  if (verdicts.length) {
    lines.push('Thresholds:');
    for (const v of verdicts) lines.push(verdictLine(v, '✗'));
  }
  if (sloWarnings.length) {
    lines.push("The tenant profile's SLOs (reported; --fail-on-slo makes them thresholds):");
    for (const v of sloWarnings) lines.push(verdictLine(v, '⚠'));
  }
  return `${lines.join('\n')}\n`;
}

function ms(value: number): string {
  return value >= 10_000 ? `${round1(value / 1000)} s` : `${round1(value)} ms`;
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 10_000) / 100} %`;
}

function round1(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * The noisy-neighbour section: the second tenant's latency and error rate before and during the
 * load, and each `--max-shift` with the shift it measured.
 */
export function renderNeighbour(results: LoadResults, verdicts: readonly ShiftVerdict[]): string {
  const n = results.neighbour;
  if (!n) return '';
  const names = Object.keys(n.scenarios);
  const lines = [
    `Noisy neighbour: ${n.tenant} (${names.length} scenario(s) tagged ${n.tag}) while ${results.load.tenant} was loaded`,
  ];
  const cell = (metric: LoadResults['iteration']) => {
    const stats = statsOf(metric);
    return stats
      ? `p50 ${ms(stats.p50Ms)}, p95 ${ms(stats.p95Ms)}, ${metric.runs} run(s), ${pct(metric.failed / metric.runs)} errors`
      : 'no run';
  };
  const width = Math.max(...names.map((name) => name.length));
  for (const name of names)
    lines.push(
      `  ${name.padEnd(width)}  alone: ${cell(n.scenarios[name]!.baseline)}  ·  under load: ${cell(n.scenarios[name]!.underLoad)}`,
    );
  if (verdicts.length) {
    lines.push('Shift thresholds (each scenario against its own baseline; the largest shift shown):');
    for (const v of verdicts) {
      const rate = /error_rate/.test(v.threshold);
      const shift =
        v.shift === undefined
          ? 'no scenario was measured both alone and under load'
          : `${v.scenario}: ${rate ? `${signed(v.shift * 100)} point(s), ${pct(v.baseline!)} → ${pct(v.underLoad!)}` : `${signed(v.shift * 100)} %, ${ms(v.baseline!)} → ${ms(v.underLoad!)}`}; ${v.compared} scenario(s) compared`;
      lines.push(`  ${v.passed ? '✓' : '✗'} ${v.threshold}  (${shift})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded >= 0 ? '+' : ''}${rounded}`;
}
