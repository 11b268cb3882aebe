import type { DrillResults } from './drill-results.js';
import { renderDrillText, verdictValue } from './render-drill-text.js';

const WIDTH = 960;
const HEIGHT = 220;
const PAD = { left: 40, right: 10, top: 28, bottom: 24 };

/**
 * A drill as one self-contained HTML page (no script, nothing fetched: it opens from a CI
 * artifact): the verdict and thresholds, a timeline of the transactions (good and failed per
 * time slot, by start time) with the phases drawn over it, and the figures per tenant.
 */
export function renderDrillHtml(results: DrillResults): string {
  const verdicts = results.verdicts
    .map(
      (v) =>
        `<tr class="${v.passed ? 'ok' : 'bad'}"><td>${v.passed ? '✓' : '✗'}</td><td>${esc(v.threshold)}</td><td>${esc(verdictValue(v))}</td><td>${esc(v.tenant ?? '')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drill ${esc(results.drill)}: ${esc(results.status)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#222}h1 span{font-size:.7em;padding:.1em .5em;border-radius:4px;color:#fff}
.passed{background:#2a7a2a}.failed,.target-down,.interrupted{background:#b02a2a}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
tr.bad td{background:#fde8e8}tr.ok td{background:#eef8ee}pre{background:#f6f6f6;padding:1rem;overflow:auto}
</style></head><body>
<h1>Drill ${esc(results.drill)} <span class="${esc(results.status)}">${esc(results.status)}</span></h1>
<p>${esc(results.file)} · environment ${esc(results.environment)} · ${esc(results.targetUrl)} · started ${esc(results.startedAt)} · ${(results.durationMs / 1000).toFixed(1)} s</p>
<h2>Transactions over time</h2>
${timeline(results)}
<h2>Thresholds</h2>
<table><thead><tr><th></th><th>threshold</th><th>measured</th><th>tenant</th></tr></thead><tbody>${verdicts || '<tr><td colspan="4">none</td></tr>'}</tbody></table>
<h2>Figures</h2>
<pre>${esc(renderDrillText(results))}</pre>
</body></html>
`;
}

/** Stacked bars of good (green) and failed (red) transactions per slot, phases as labelled bands. */
function timeline(results: DrillResults): string {
  const total = Math.max(1000, results.durationMs);
  const slotMs = Math.max(1000, Math.ceil(total / 200 / 1000) * 1000);
  const slots = Math.ceil(total / slotMs);
  const ok = new Array<number>(slots).fill(0);
  const bad = new Array<number>(slots).fill(0);
  for (const t of results.transactions) {
    const slot = Math.min(slots - 1, Math.floor(t.atMs / slotMs));
    if (t.passed) ok[slot]!++;
    else bad[slot]!++;
  }
  const max = Math.max(1, ...ok.map((n, i) => n + bad[i]!));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + (ms / total) * plotW;
  const y = (n: number) => (n / max) * plotH;
  const barW = Math.max(1, (slotMs / total) * plotW - 1);
  const bands = results.phases
    .filter((p) => p.type !== 'wait')
    .map((p) => {
      const w = Math.max(2, x(p.endMs) - x(p.startMs));
      const fill = p.type === 'operation' ? (p.outcome === 'done' ? '#4a78c8' : '#c84a4a') : '#999';
      return `<rect x="${x(p.startMs).toFixed(1)}" y="${PAD.top}" width="${w.toFixed(1)}" height="${plotH}" fill="${fill}" opacity=".18"><title>${esc(`${p.index + 1}. ${p.name}: ${p.outcome}`)}</title></rect><text x="${x(p.startMs).toFixed(1)}" y="${PAD.top - 6}" font-size="11">${esc(`${p.index + 1}. ${p.name}`)}</text>`;
    })
    .join('');
  const baseline = `<line x1="${x(results.baselineMs).toFixed(1)}" x2="${x(results.baselineMs).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#666" stroke-dasharray="3 3"><title>end of baseline</title></line>`;
  const bars = ok
    .map((n, i) => {
      const left = PAD.left + i * (slotMs / total) * plotW;
      const good = y(n);
      const failed = y(bad[i]!);
      const base = PAD.top + plotH;
      return (
        (n
          ? `<rect x="${left.toFixed(1)}" y="${(base - good).toFixed(1)}" width="${barW.toFixed(1)}" height="${good.toFixed(1)}" fill="#2a9a2a"><title>${(i * slotMs) / 1000}s: ${n} good</title></rect>`
          : '') +
        (bad[i]
          ? `<rect x="${left.toFixed(1)}" y="${(base - good - failed).toFixed(1)}" width="${barW.toFixed(1)}" height="${failed.toFixed(1)}" fill="#c82a2a"><title>${(i * slotMs) / 1000}s: ${bad[i]} failed</title></rect>`
          : '')
      );
    })
    .join('');
  const ticks = Array.from({ length: 6 }, (_, i) => {
    const ms = (total / 5) * i;
    return `<text x="${x(ms).toFixed(1)}" y="${HEIGHT - 6}" font-size="11" text-anchor="middle">${(ms / 1000).toFixed(0)}s</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Transactions per ${slotMs / 1000}s: good in green, failed in red; phases shaded">
<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ddd"/>${bands}${baseline}${bars}${ticks}
<text x="4" y="${PAD.top + 10}" font-size="11">${max}</text><text x="4" y="${PAD.top + plotH}" font-size="11">0</text>
</svg>
<p>Transactions by start time, per ${slotMs / 1000} s: <span style="color:#2a9a2a">■ good</span> <span style="color:#c82a2a">■ failed</span>; shaded: phases (blue an operation, red one that failed); dashed: end of the baseline.</p>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
