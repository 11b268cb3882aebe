import type { ActionLatency, BusinessSummary } from '../schema/index.js';
import { DRILL_COLUMNS, drillHeadline, drillRows, failedThresholds } from './drill-summary-text.js';
import { LOAD_COLUMNS, loadHeadline, loadRows, neighbourLines, thresholdLine } from './load-summary-text.js';
import { loadTimelineSvg } from './load-timeline-svg.js';
import { cellText, deploymentText, percent, OUTCOME_SYMBOLS, successRateText, verdictText } from './summary-text.js';

/**
 * The business summary as one self-contained HTML page (no script, no outside resource: it
 * opens from a CI artifact as it is): verdict, workflows × tenants matrix, a chart of latency per
 * action (p50/p95/p99 bars, the SLO's p95 as a line), breaches, faults injected, drills, load
 * runs (figures, thresholds, noisy neighbour, a latency-over-time chart each), comparison.
 */
export function renderSummaryHtml(summary: BusinessSummary): string {
  const { run, totals } = summary;
  const passed = summary.verdict.result === 'passed';
  const notes = [
    ...summary.verdict.reasons.map((r) => `<li class="breach">✗ ${esc(r)}</li>`),
    ...summary.verdict.warnings.map((w) => `<li>⚠ ${esc(w)}</li>`),
  ];
  const { workflows, tenants } = summary.matrix;
  const matrix = workflows.length
    ? `<table class="matrix"><thead><tr><th>Workflow</th>${tenants.map((t) => `<th>${esc(t)}</th>`).join('')}</tr></thead><tbody>${workflows
        .map(
          (w) =>
            `<tr><th>${esc(w)}</th>${tenants
              .map((t) => {
                const c = summary.matrix.cells.find((x) => x.workflow === w && x.tenant === t);
                const kind = !c ? 'none' : c.failed ? 'failed' : c.flaky ? 'flaky' : c.passed ? 'passed' : 'skipped';
                return `<td class="${kind}">${esc(c ? cellText(c) : '—')}</td>`;
              })
              .join('')}</tr>`,
        )
        .join('')}</tbody></table>`
    : summary.drills?.length || summary.loads?.length
      ? `<p>No scenario test ran: this summary holds ${[summary.drills?.length ? 'drills' : '', summary.loads?.length ? 'load runs' : ''].filter(Boolean).join(' and ')}.</p>`
      : '<p>No test ran.</p>';
  const problems = summary.tests.filter((t) => t.outcome === 'failed' || t.outcome === 'flaky');
  const c = summary.comparison;
  const keys = (list: string[]) => (list.length ? list.map((k) => `<code>${esc(k)}</code>`).join(', ') : 'none');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rehearse — business summary ${esc(run.id)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.verdict.passed{background:#1a7f37}.verdict.failed{background:#cf222e}
.meta{color:#59636e;margin:6px 0 14px}
table{border-collapse:collapse;margin:4px 0}th,td{border:1px solid #d1d9e0;padding:4px 10px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.passed{background:#dafbe1}td.failed{background:#ffebe9}td.flaky{background:#fff8c5}td.skipped,td.none{color:#818b98}
.breach{color:#cf222e;font-weight:600}.legend{color:#59636e;font-size:12px}
svg text{font:12px system-ui,sans-serif}
</style></head><body>
<h1>Rehearse — business summary <span class="verdict ${passed ? 'passed' : 'failed'}">${esc(verdictText(summary.verdict))}</span></h1>
<div class="meta">run <code>${esc(run.id)}</code> · environment ${esc(run.environment)}${run.targetUrl ? ` · target ${esc(run.targetUrl)}` : ''}${deploymentText(summary.deployment) ? ` · ${esc(deploymentText(summary.deployment))}` : ''} · seed ${esc(run.seed)} · ${esc(run.startedAt)}${run.shards ? ` · ${run.shards - (run.missingShards?.length ?? 0)} of ${run.shards} shard(s) merged` : ''}</div>
${notes.length ? `<ul>${notes.join('')}</ul>` : ''}
<p><strong>${totals.tests}</strong> test(s): ${totals.passed} passed, ${totals.failed} failed, ${totals.flaky} flaky, ${totals.skipped} skipped — success rate <strong>${successRateText(summary.successRate)}</strong></p>
<h2>Workflows × tenants</h2>
${matrix}
<div class="legend">${OUTCOME_SYMBOLS.passed} passed · ${OUTCOME_SYMBOLS.failed} failed · ${OUTCOME_SYMBOLS.flaky} flaky · ${OUTCOME_SYMBOLS.skipped} skipped</div>
${problems.length ? `<h2>Failed and flaky tests</h2><ul>${problems.map((t) => `<li>${OUTCOME_SYMBOLS[t.outcome]} <strong>${esc(t.title)}</strong> (${t.attempts} attempt(s))${t.failure ? `: ${esc(t.failure)}` : ''}</li>`).join('')}</ul>` : ''}
${summary.latency.length ? `<h2>Latency per action</h2>${latencyChart(summary.latency, summary.sloBreaches)}${latencyTable(summary)}` : ''}
${summary.sloBreaches.length ? `<h2>SLO breaches</h2><ul>${summary.sloBreaches.map((b) => `<li class="breach">${esc(b.tenant)} · ${esc(b.action)}: ${b.objective === 'p95' ? `p95 ${Math.round(b.actual)} ms &gt; ${Math.round(b.target)} ms` : `success rate ${percent(b.actual)} &lt; ${percent(b.target)}`} (${b.samples} run(s))</li>`).join('')}</ul>` : ''}
${
  Object.keys(summary.faultsInjected).length
    ? `<h2>Faults injected by virtual partners</h2><ul>${Object.entries(summary.faultsInjected)
        .map(([p, n]) => `<li>${esc(p)}: ${n} request(s)</li>`)
        .join('')}</ul>`
    : ''
}
${summary.drills?.length ? `<h2>Drills</h2>${summary.drills.map(drillHtml).join('')}` : ''}
${summary.loads?.length ? `<h2>Load</h2>${summary.loads.map(loadHtml).join('')}` : ''}
${c ? `<h2>Compared with run <code>${esc(c.previousRunId)}</code> (${esc(c.previousStartedAt)})</h2><ul><li>New failures: ${keys(c.newFailures)}</li><li>Fixed: ${keys(c.fixed)}</li><li>Still failing: ${keys(c.stillFailing)}</li><li>Latency regressions (p95 up more than ${percent(c.threshold.ratio)} and ${c.threshold.minMs} ms): ${c.latencyRegressions.length ? c.latencyRegressions.map((r) => `${esc(r.tenant)} · ${esc(r.action)} (${esc(r.driver)}) ${Math.round(r.previousP95Ms)} → ${Math.round(r.p95Ms)} ms`).join('; ') : 'none'}</li></ul>` : summary.comparisonSkipped ? `<h2>Not compared with a previous run</h2><p>${esc(summary.comparisonSkipped)}</p>` : ''}
</body></html>
`;
}

/** One drill: its headline, a row per tenant, the thresholds that did not hold. */
function drillHtml(drill: NonNullable<BusinessSummary['drills']>[number]): string {
  const failed = failedThresholds(drill);
  return `<p><strong class="${drill.status === 'passed' ? '' : 'breach'}">${esc(drillHeadline(drill))}</strong> · results <code>${esc(drill.results)}</code></p><table class="drill"><thead><tr>${DRILL_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${drillRows(
    drill,
  )
    .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join(
      '',
    )}</tbody></table>${failed.length ? `<ul>${failed.map((f) => `<li class="breach">✗ ${esc(f)}</li>`).join('')}</ul>` : ''}`;
}

/** One load: its headline, a row per metric, the thresholds with what they measured, the neighbour, the chart. */
function loadHtml(load: NonNullable<BusinessSummary['loads']>[number]): string {
  const items = [
    ...load.thresholds.map((v) => `<li class="${v.passed ? '' : 'breach'}">${esc(thresholdLine(v))}</li>`),
    ...load.sloWarnings.map((v) => `<li>${esc(thresholdLine(v, '⚠'))} (the tenant's SLO, reported)</li>`),
    ...neighbourLines(load).map((line) => `<li class="${line.startsWith('✗') ? 'breach' : ''}">${esc(line)}</li>`),
  ];
  const table = `<table class="load"><thead><tr>${LOAD_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${loadRows(
    load,
  )
    .map((row) => `<tr>${row.map((c, i) => `<td${i > 1 ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  return `<p><strong class="${load.status === 'passed' ? '' : 'breach'}">${esc(loadHeadline(load))}</strong> · results <code>${esc(load.results)}</code></p>${table}${items.length ? `<ul>${items.join('')}</ul>` : ''}${loadTimelineSvg(load)}`;
}

function latencyTable(summary: BusinessSummary): string {
  const breached = new Set(summary.sloBreaches.map((b) => `${b.tenant}|${b.action}|${b.objective}`));
  const mark = (l: ActionLatency, objective: string, text: string) =>
    l.driver === 'api' && breached.has(`${l.tenant}|${l.action}|${objective}`)
      ? `<span class="breach">${text} ✗</span>`
      : text;
  const rows = summary.latency
    .map(
      (l) =>
        `<tr><td>${esc(l.tenant)}</td><td>${esc(l.action)}</td><td>${esc(l.driver)}</td><td class="num">${l.samples}</td><td class="num">${ms(l.p50Ms)}</td><td class="num">${mark(l, 'p95', ms(l.p95Ms))}</td><td class="num">${ms(l.p99Ms)}</td><td class="num">${l.slo?.p95Ms !== undefined ? ms(l.slo.p95Ms) : '—'}</td><td class="num">${mark(l, 'successRate', percent(l.successRate))}</td><td class="num">${l.slo?.successRate !== undefined ? percent(l.slo.successRate) : '—'}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Tenant</th><th>Action</th><th>Driver</th><th>Runs</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>SLO p95</th><th>Success</th><th>SLO success</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Horizontal bars per tenant · action · driver: p50, p95, p99 (ms) on one scale; the SLO p95 as a red line. */
function latencyChart(latency: readonly ActionLatency[], breaches: BusinessSummary['sloBreaches']): string {
  const labelWidth = 320;
  const width = 1000;
  const rowHeight = 26;
  const top = 4;
  const max = Math.max(1, ...latency.map((l) => Math.max(l.p99Ms, l.slo?.p95Ms ?? 0)));
  const x = (v: number) => labelWidth + (v / max) * (width - labelWidth - 70);
  const breached = new Set(breaches.filter((b) => b.objective === 'p95').map((b) => `${b.tenant}|${b.action}`));
  const rows = latency
    .map((l, i) => {
      const y = top + i * rowHeight;
      const bad = l.driver === 'api' && breached.has(`${l.tenant}|${l.action}`);
      const bar = (v: number, h: number, fill: string) =>
        `<rect x="${labelWidth}" y="${y + (rowHeight - 6 - h) / 2}" width="${Math.max(1, x(v) - labelWidth).toFixed(1)}" height="${h}" fill="${fill}"/>`;
      const slo =
        l.slo?.p95Ms !== undefined
          ? `<line x1="${x(l.slo.p95Ms).toFixed(1)}" x2="${x(l.slo.p95Ms).toFixed(1)}" y1="${y}" y2="${y + rowHeight - 6}" stroke="#cf222e" stroke-width="2"/>`
          : '';
      return `<text x="${labelWidth - 8}" y="${y + rowHeight / 2}" text-anchor="end">${esc(`${l.tenant} · ${l.action} (${l.driver})`)}</text>${bar(l.p99Ms, 20, '#c8d1da')}${bar(l.p95Ms, 14, bad ? '#cf222e' : '#54aeff')}${bar(l.p50Ms, 8, '#0969da')}${slo}<text x="${(x(l.p99Ms) + 6).toFixed(1)}" y="${y + rowHeight / 2}">${ms(l.p95Ms)} ms</text>`;
    })
    .join('');
  const height = top + latency.length * rowHeight + 10;
  const legend = `<div class="legend">bars from 0 to ${ms(max)} ms: <span style="color:#0969da">■</span> p50 · <span style="color:#54aeff">■</span> p95 (<span style="color:#cf222e">■</span> over its SLO) · <span style="color:#c8d1da">■</span> p99 · <span style="color:#cf222e">│</span> the tenant's SLO p95</div>`;
  return `${legend}<svg role="img" aria-label="latency per action" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

function ms(value: number): string {
  return String(Math.round(value));
}

/** Text for HTML content and attribute values. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
