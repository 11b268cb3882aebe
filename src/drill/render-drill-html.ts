import type { DrillResults } from './drill-results.js';
import { renderDrillText, verdictValue } from './render-drill-text.js';

const WIDTH = 960;
const HEIGHT = 220;
const PAD = { left: 40, right: 10, top: 28, bottom: 24 };

/**
 * A drill as one self-contained HTML page (no script, nothing fetched: it opens from a CI
 * artifact): the verdict and thresholds, a timeline of the transactions (good and failed per
 * time slot, by start time) with the phases' bands under it, and the figures per tenant.
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

/** Height of one row of phase labels above the plot, px; labels take up to `LABEL_ROWS` rows. */
const ROW = 14;
const LABEL_ROWS = 3;
/** Width of one character of an 11px label, px: an estimate, since a static page measures nothing. */
const CHAR_W = 6.2;

/**
 * The width of one bar of the timeline, ms: whole seconds, at most 200 bars, and at least twice
 * the traffic's usual gap between arrivals (the median, from the transactions), so a slot of
 * normal traffic always holds a start and an empty one means something.
 */
export function timelineSlotMs(results: Pick<DrillResults, 'durationMs' | 'transactions'>): number {
  const total = Math.max(1000, results.durationMs);
  const gaps: number[] = [];
  const byTenant = new Map<string, number[]>();
  for (const t of results.transactions) byTenant.set(t.tenant, [...(byTenant.get(t.tenant) ?? []), t.atMs]);
  for (const starts of byTenant.values()) {
    starts.sort((a, b) => a - b);
    for (let k = 1; k < starts.length; k++) gaps.push(starts[k]! - starts[k - 1]!);
  }
  gaps.sort((a, b) => a - b);
  const usual = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0;
  return Math.max(1000, Math.ceil(total / 200 / 1000) * 1000, Math.ceil((2 * usual) / 1000) * 1000);
}

/** One phase label placed above the plot: its row, and its text cut to fit before the next label. */
export interface PlacedLabel {
  x: number;
  row: number;
  text: string;
  full: string;
}

/**
 * Places phase labels (x in px, in order of start) in up to `rows` rows so that none overlaps
 * another: each goes to the first row whose last label ends (with `gap`) before it starts, else
 * to the row that frees first; then each is cut, with an ellipsis, to the room before the next
 * label of its row and the right edge (the full text stays in the title tooltip).
 *
 * @example
 * placeLabels([{ x: 0, text: '1. snapshot' }, { x: 40, text: '2. restore' }], { rows: 1, charWidth: 6, right: 900 });
 * // [{ x: 0, row: 0, text: '1. s…', full: '1. snapshot' }, { x: 40, row: 0, text: '2. restore', full: '2. restore' }]
 */
export function placeLabels(
  labels: ReadonlyArray<{ x: number; text: string }>,
  options: { rows: number; charWidth: number; right: number; gap?: number },
): PlacedLabel[] {
  const gap = options.gap ?? 6;
  const ends = new Array<number>(options.rows).fill(-Infinity);
  const rows = labels.map(({ x, text }) => {
    let row = ends.findIndex((end) => end + gap <= x);
    if (row < 0) row = ends.indexOf(Math.min(...ends));
    ends[row] = x + text.length * options.charWidth;
    return row;
  });
  return labels.map(({ x, text }, k) => {
    const next = labels.find((l, m) => m > k && rows[m] === rows[k]);
    const room = Math.min(next ? next.x - gap : Infinity, options.right) - x;
    const fits = Math.floor(room / options.charWidth);
    const shown = text.length <= fits ? text : fits >= 1 ? `${text.slice(0, fits - 1)}…` : '';
    return { x, row: rows[k]!, text: shown, full: text };
  });
}

/**
 * Stacked bars of good (green) and failed (red) transactions per slot, by start time. Drawn in
 * layers, back to front: the plot, the phases' bands, the bars, then the baseline mark and the
 * labels, so a band never tints a bar. A slot inside the traffic that no transaction started in
 * (arrivals skipped while the target was slow) is drawn as a grey mark, not left blank.
 */
function timeline(results: DrillResults): string {
  const total = Math.max(1000, results.durationMs);
  const slotMs = timelineSlotMs(results);
  const slots = Math.ceil(total / slotMs);
  const ok = new Array<number>(slots).fill(0);
  const bad = new Array<number>(slots).fill(0);
  for (const t of results.transactions) {
    const slot = Math.min(slots - 1, Math.floor(t.atMs / slotMs));
    if (t.passed) ok[slot]!++;
    else bad[slot]!++;
  }
  const starts = results.transactions.map((t) => t.atMs);
  const firstSlot = starts.length ? Math.floor(Math.min(...starts) / slotMs) : slots;
  const lastSlot = starts.length ? Math.min(slots - 1, Math.floor(Math.max(...starts) / slotMs)) : -1;
  const max = Math.max(1, ...ok.map((n, i) => n + bad[i]!));
  const top = PAD.top + ROW * (LABEL_ROWS - 1);
  const height = HEIGHT + ROW * (LABEL_ROWS - 1);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - top - PAD.bottom;
  const x = (ms: number) => PAD.left + (ms / total) * plotW;
  // Headroom above the highest bar, so the phases' bands show above the bars they lie under.
  const y = (n: number) => (n / (max * 1.25)) * plotH;
  // Bars touch (no hairline between slots), so a run of traffic reads as one shape.
  const slotW = (slotMs / total) * plotW;
  const shown = results.phases.filter((p) => p.type !== 'wait');
  const bands = shown
    .map((p) => {
      const w = Math.max(2, x(p.endMs) - x(p.startMs));
      const fill = p.type === 'operation' ? (p.outcome === 'done' ? '#4a78c8' : '#c84a4a') : '#999';
      const title = `<title>${esc(`${p.index + 1}. ${p.name}: ${p.outcome}`)}</title>`;
      // A solid strip on top marks the phase's extent even where bars cover its shading.
      return `<rect class="band" x="${x(p.startMs).toFixed(1)}" y="${top}" width="${w.toFixed(1)}" height="${plotH}" fill="${fill}" opacity=".18">${title}</rect><rect class="band-edge" x="${x(p.startMs).toFixed(1)}" y="${top}" width="${w.toFixed(1)}" height="4" fill="${fill}" opacity=".8">${title}</rect>`;
    })
    .join('');
  const placed = placeLabels(
    shown.map((p) => ({ x: x(p.startMs), text: `${p.index + 1}. ${p.name}` })),
    { rows: LABEL_ROWS, charWidth: CHAR_W, right: WIDTH - PAD.right },
  );
  const labels = placed
    .map(
      (l, k) =>
        `<g class="label"><title>${esc(`${l.full}: ${shown[k]!.outcome}`)}</title><text x="${l.x.toFixed(1)}" y="${PAD.top - 6 + l.row * ROW}" font-size="11">${esc(l.text)}</text></g>`,
    )
    .join('');
  const baseline = `<line x1="${x(results.baselineMs).toFixed(1)}" x2="${x(results.baselineMs).toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="#666" stroke-dasharray="3 3"><title>end of baseline</title></line>`;
  const base = top + plotH;
  const bars = ok
    .map((n, i) => {
      const left = PAD.left + i * slotW;
      const width = Math.min(slotW, WIDTH - PAD.right - left);
      const good = y(n);
      const failed = y(bad[i]!);
      const at = `${(i * slotMs) / 1000}s–${((i + 1) * slotMs) / 1000}s`;
      if (!n && !bad[i])
        return i >= firstSlot && i <= lastSlot
          ? `<rect class="bar empty" x="${left.toFixed(1)}" y="${(base - 3).toFixed(1)}" width="${width.toFixed(1)}" height="3" fill="#888"><title>${at}: no transaction started</title></rect>`
          : '';
      return (
        (n
          ? `<rect class="bar good" x="${left.toFixed(1)}" y="${(base - good).toFixed(1)}" width="${width.toFixed(1)}" height="${good.toFixed(1)}" fill="#2a9a2a"><title>${at}: ${n} good</title></rect>`
          : '') +
        (bad[i]
          ? `<rect class="bar failed" x="${left.toFixed(1)}" y="${(base - good - failed).toFixed(1)}" width="${width.toFixed(1)}" height="${failed.toFixed(1)}" fill="#c82a2a"><title>${at}: ${bad[i]} failed</title></rect>`
          : '')
      );
    })
    .join('');
  const ticks = Array.from({ length: 6 }, (_, i) => {
    const ms = (total / 5) * i;
    return `<text x="${x(ms).toFixed(1)}" y="${height - 6}" font-size="11" text-anchor="${i === 5 ? 'end' : i === 0 ? 'start' : 'middle'}">${(ms / 1000).toFixed(0)}s</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" role="img" shape-rendering="crispEdges" aria-label="Transactions per ${slotMs / 1000}s: good in green, failed in red; phases shaded">
<rect x="${PAD.left}" y="${top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ddd"/>${bands}${bars}${baseline}${labels}${ticks}
<text x="4" y="${(base - y(max) + 4).toFixed(1)}" font-size="11">${max}</text><text x="4" y="${top + plotH}" font-size="11">0</text>
</svg>
<p>Transactions by start time, per ${slotMs / 1000} s: <span style="color:#2a9a2a">■ good</span> <span style="color:#c82a2a">■ failed</span> <span style="color:#888">▁ none started</span>; shaded: phases (blue an operation, red one that failed); dashed: end of the baseline. Hover a label or a band for the phase's full name.</p>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
