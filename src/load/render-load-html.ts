import type { LoadResults } from '../schema/index.js';
import { decodeHistogram } from './latency-histograms.js';
import { errorRate, statsOf } from './load-results.js';
import type { ShiftVerdict } from './neighbour-shift.js';
import { profileText } from './render-load.js';
import type { ThresholdVerdict } from './thresholds.js';

/** One second of the run as the chart draws it. */
interface Point {
  second: number;
  runs: number;
  failed: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/**
 * A load run as one self-contained HTML page (no script, nothing fetched: it opens from a CI
 * artifact): the verdict, the profile, latency over time (p50/p95/p99 of the iterations that
 * ended each second, with the iterations per second under them), the iteration's and each
 * action's latency and error rate, the thresholds, the SLOs and the noisy neighbour.
 */
export function renderLoadHtml(
  results: LoadResults,
  verdicts: readonly ThresholdVerdict[],
  sloWarnings: readonly ThresholdVerdict[],
  shifts: readonly ShiftVerdict[],
): string {
  const { load, segments, iterations } = results;
  const failed = verdicts.some((v) => !v.passed) || shifts.some((v) => !v.passed);
  const incomplete = segments.missing.length > 0;
  const verdict = incomplete
    ? 'incomplete'
    : failed
      ? 'failed'
      : results.iteration.runs === 0
        ? 'nothing ran'
        : 'passed';
  const rate = errorRate(results);
  const row = (name: string, metric: LoadResults['iteration'], errors: number | undefined) => {
    const s = statsOf(metric);
    return `<tr><td>${esc(name)}</td><td class="num">${metric.runs}</td>${
      s
        ? [s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.maxMs].map((v) => `<td class="num">${ms(v)}</td>`).join('')
        : '<td class="num" colspan="5">—</td>'
    }<td class="num">${errors === undefined ? '—' : pct(errors)}</td></tr>`;
  };
  const verdictList = (title: string, list: readonly ThresholdVerdict[], mark: string) =>
    list.length
      ? `<h2>${title}</h2><ul>${list
          .map(
            (v) =>
              `<li class="${v.passed ? 'ok' : 'bad'}">${v.passed ? '✓' : mark} <code>${esc(v.threshold)}</code> — ${
                v.actual === undefined
                  ? 'nothing measured'
                  : /error_rate/.test(v.threshold)
                    ? pct(v.actual)
                    : `${ms(v.actual)} ms`
              }</li>`,
          )
          .join('')}</ul>`
      : '';
  const neighbour = results.neighbour
    ? `<h2>Noisy neighbour: ${esc(results.neighbour.tenant)} while ${esc(load.tenant)} was loaded</h2>
<table><thead><tr><th>Scenario</th><th>Alone p50</th><th>Alone p95</th><th>Under load p50</th><th>Under load p95</th><th>Runs (alone / under load)</th></tr></thead><tbody>${Object.entries(
        results.neighbour.scenarios,
      )
        .map(([name, m]) => {
          const a = statsOf(m.baseline);
          const b = statsOf(m.underLoad);
          const cell = (v: number | undefined) => `<td class="num">${v === undefined ? '—' : ms(v)}</td>`;
          return `<tr><td>${esc(name)}</td>${cell(a?.p50Ms)}${cell(a?.p95Ms)}${cell(b?.p50Ms)}${cell(b?.p95Ms)}<td class="num">${m.baseline.runs} / ${m.underLoad.runs}</td></tr>`;
        })
        .join('')}</tbody></table>${
        shifts.length
          ? `<ul>${shifts
              .map(
                (v) =>
                  `<li class="${v.passed ? 'ok' : 'bad'}">${v.passed ? '✓' : '✗'} <code>${esc(v.threshold)}</code> — ${
                    v.shift === undefined
                      ? 'no scenario measured both alone and under load'
                      : `${esc(v.scenario ?? '')}: ${/error_rate/.test(v.threshold) ? `${signed(v.shift * 100)} point(s)` : `${signed(v.shift * 100)} %`}`
                  }</li>`,
              )
              .join('')}</ul>`
          : ''
      }`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rehearse — load ${esc(load.scenario)} × ${esc(load.tenant)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff;background:#cf222e}
.verdict.passed{background:#1a7f37}.meta{color:#59636e;margin:6px 0 14px}
table{border-collapse:collapse;margin:4px 0}th,td{border:1px solid #d1d9e0;padding:4px 10px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#1a7f37}.bad{color:#cf222e;font-weight:600}
.legend{color:#59636e;font-size:12px}svg text{font:12px system-ui,sans-serif}
</style></head><body>
<h1>Rehearse — load <span class="verdict ${verdict === 'passed' ? 'passed' : ''}">${verdict === 'passed' ? '✓ passed' : `✗ ${verdict}`}</span></h1>
<div class="meta">${esc(load.scenario)} × ${esc(load.tenant)} · ${esc(profileText(load))} · target ${esc(load.targetUrl)} · environment ${esc(load.environment)} · seed ${esc(load.seed)} · ${esc(results.startedAt)}${
    segments.count > 1
      ? ` · segment(s) ${segments.merged.join(', ')} of ${segments.count}${incomplete ? ` — missing ${segments.missing.join(', ')}` : ''}`
      : ''
  }</div>
<p><strong>${results.iteration.runs}</strong> iteration(s) ended, ${results.iteration.failed} failed, ${iterations.dropped} dropped, ${iterations.interrupted} interrupted — error rate <strong>${rate === undefined ? 'n/a' : pct(rate)}</strong></p>
<h2>Latency over time</h2>
${timelineChart(results)}
<h2>Latency (ms)</h2>
<table><thead><tr><th></th><th>Runs</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th><th>Errors</th></tr></thead><tbody>
${row('iteration', results.iteration, rate)}${Object.entries(results.actions)
    .map(([action, metric]) => row(action, metric, errorRate(results, action)))
    .join('')}
</tbody></table>
${verdictList('Thresholds', verdicts, '✗')}
${verdictList("The tenant profile's SLOs (reported; --fail-on-slo makes them thresholds)", sloWarnings, '⚠')}
${
  Object.keys(results.errors).length
    ? `<h2>Errors</h2><ul>${Object.entries(results.errors)
        .slice(0, 20)
        .map(([cause, n]) => `<li>${n} × <code>${esc(cause)}</code></li>`)
        .join('')}</ul>`
    : ''
}
${neighbour}
</body></html>
`;
}

/** p50/p95/p99 lines per second over bars of iterations ended per second (failed ones in red). */
function timelineChart(results: LoadResults): string {
  const points: Point[] = results.timeline.map((t) => {
    const h = decodeHistogram(t.histogram);
    const at = (p: number) => h.getValueAtPercentile(p) / 1000;
    return { second: t.second, runs: t.runs, failed: t.failed, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
  });
  if (!points.length) return '<p>No iteration ended.</p>';
  const width = 1000;
  const height = 260;
  const left = 56;
  const right = 16;
  const top = 10;
  const bottom = 70; // the bars' band and the time axis
  const lastSecond = Math.max(...points.map((p) => p.second));
  const maxMs = Math.max(1, ...points.map((p) => p.p99Ms));
  const maxRuns = Math.max(1, ...points.map((p) => p.runs));
  const x = (second: number) => left + ((second + 0.5) / (lastSecond + 1)) * (width - left - right);
  const y = (v: number) => top + (1 - v / maxMs) * (height - top - bottom);
  const barBase = height - 22;
  const barHeight = (n: number) => (n / maxRuns) * 36;
  const barWidth = Math.max(2, (width - left - right) / (lastSecond + 1) - 2);
  const line = (key: 'p50Ms' | 'p95Ms' | 'p99Ms', color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${x(p.second).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ')}"/>`;
  const bars = points
    .map((p) => {
      const ok = barHeight(p.runs - p.failed);
      const bad = barHeight(p.failed);
      const bx = (x(p.second) - barWidth / 2).toFixed(1);
      return `<rect x="${bx}" y="${(barBase - ok).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${ok.toFixed(1)}" fill="#c8d1da"/>${
        bad
          ? `<rect x="${bx}" y="${(barBase - ok - bad).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${bad.toFixed(1)}" fill="#cf222e"/>`
          : ''
      }`;
    })
    .join('');
  const ticks = [0, 0.5, 1]
    .map((f) => `<text x="${left - 6}" y="${(y(maxMs * f) + 4).toFixed(1)}" text-anchor="end">${ms(maxMs * f)}</text>`)
    .join('');
  const seconds = `<text x="${left}" y="${height - 4}">0 s</text><text x="${width - right}" y="${height - 4}" text-anchor="end">${lastSecond + 1} s</text>`;
  return `<div class="legend"><span style="color:#0969da">━</span> p50 · <span style="color:#bf8700">━</span> p95 · <span style="color:#cf222e">━</span> p99 of the iterations that ended each second (ms, 0 to ${ms(maxMs)}); bars: iterations ended per second (up to ${maxRuns}), failed ones red</div>
<svg role="img" aria-label="latency over time" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${ticks}${seconds}${bars}${line('p99Ms', '#cf222e')}${line('p95Ms', '#bf8700')}${line('p50Ms', '#0969da')}</svg>`;
}

function ms(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 10_000) / 100} %`;
}

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded >= 0 ? '+' : ''}${rounded}`;
}

/** Text for HTML content and attribute values. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
