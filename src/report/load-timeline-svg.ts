import type { SummaryLoad } from '../schema/index.js';

/**
 * A load's latency over time as an inline SVG (no script, no outside resource): the iteration's
 * p95 per time slot as a line, over bars of the iterations that ended in each slot (failed ones
 * red); a slot nothing ended in is a grey band. Axis: ms from 0 to the highest p95; seconds.
 */
export function loadTimelineSvg(load: SummaryLoad): string {
  const { slots, slotS } = load.timeline;
  if (!slots.length) return '<p>No iteration ended: nothing to chart.</p>';
  const width = 1000;
  const height = 200;
  const left = 56;
  const right = 16;
  const top = 10;
  const bottom = 60; // the bars' band and the time axis
  const maxMs = Math.max(1, ...slots.map((s) => s.p95Ms ?? 0));
  const maxRuns = Math.max(1, ...slots.map((s) => s.runs));
  const span = (width - left - right) / slots.length;
  const x = (i: number) => left + (i + 0.5) * span;
  const y = (ms: number) => top + (1 - ms / maxMs) * (height - top - bottom);
  const barBase = height - 22;
  const barHeight = (n: number) => (n / maxRuns) * 30;
  const barWidth = Math.max(1, span - 2);
  const bars = slots
    .map((s, i) => {
      const bx = (x(i) - barWidth / 2).toFixed(1);
      if (!s.runs)
        return `<rect x="${bx}" y="${top}" width="${barWidth.toFixed(1)}" height="${barBase - top}" fill="#eaeef2"><title>${s.startS} s: nothing ended</title></rect>`;
      const ok = barHeight(s.runs - s.failed);
      const bad = barHeight(s.failed);
      return `<rect x="${bx}" y="${(barBase - ok).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${ok.toFixed(1)}" fill="#c8d1da"/>${
        bad
          ? `<rect x="${bx}" y="${(barBase - ok - bad).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${bad.toFixed(1)}" fill="#cf222e"/>`
          : ''
      }`;
    })
    .join('');
  // The line breaks where a slot has no p95, rather than drawing a value nobody measured.
  const runsOfPoints: string[][] = [[]];
  slots.forEach((s, i) => {
    if (s.p95Ms === undefined) runsOfPoints.push([]);
    else runsOfPoints[runsOfPoints.length - 1]!.push(`${x(i).toFixed(1)},${y(s.p95Ms).toFixed(1)}`);
  });
  const lines = runsOfPoints
    .filter((points) => points.length)
    .map((points) =>
      points.length === 1
        ? `<circle cx="${points[0]!.split(',')[0]}" cy="${points[0]!.split(',')[1]}" r="3" fill="#bf8700"/>`
        : `<polyline fill="none" stroke="#bf8700" stroke-width="2" points="${points.join(' ')}"/>`,
    )
    .join('');
  const ticks = [0, 0.5, 1]
    .map(
      (f) => `<text x="${left - 6}" y="${(y(maxMs * f) + 4).toFixed(1)}" text-anchor="end">${round(maxMs * f)}</text>`,
    )
    .join('');
  const axis = `<text x="${left}" y="${height - 4}">0 s</text><text x="${width - right}" y="${height - 4}" text-anchor="end">${slots.length * slotS} s</text>`;
  const label = `${load.scenario} × ${load.tenant}: p95 per ${slotS} s`;
  return `<div class="legend"><span style="color:#bf8700">━</span> p95 of the iterations that ended in each ${slotS}-second slot (ms, 0 to ${round(maxMs)}); bars: iterations ended per slot (up to ${maxRuns}), failed ones red, none grey</div>
<svg role="img" aria-label="${esc(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${ticks}${axis}${bars}${lines}</svg>`;
}

function round(ms: number): string {
  return String(Math.round(ms * 10) / 10);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
