import { formatDuration } from '../core/duration.js';
import { changeText, figureText, type DrillComparison } from './compare-drills.js';
import type { DrillResults } from './drill-results.js';
import { verdictValue } from './render-drill-text.js';

const dur = (ms: number | null | undefined) =>
  ms === undefined ? '—' : ms === null ? 'not recovered' : formatDuration(Math.round(ms));
/** A table cell: pipes and line breaks would end the cell or the table. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * A drill as GitHub-flavoured Markdown, for a CI job's summary page (`$GITHUB_STEP_SUMMARY`):
 * the verdict, per tenant the figures (transactions, downtime, RTO, recovery point, records,
 * jobs), the thresholds with what was measured, and — given a comparison — how each figure
 * moved since the earlier drill.
 *
 * @example
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderDrillMarkdown(results));
 */
export function renderDrillMarkdown(results: DrillResults, comparison?: DrillComparison): string {
  const icon = results.status === 'passed' ? '✅' : results.status === 'interrupted' ? '⚠️' : '❌';
  const lines = [
    `### ${icon} Drill \`${cell(results.drill)}\`: ${results.status}`,
    '',
    `\`${cell(results.file)}\` on ${cell(results.environment)}, ${formatDuration(Math.round(results.durationMs))}, started ${results.startedAt}`,
    '',
    '| tenant | transactions good | failed after baseline | downtime | RTO | recovery point | records lost / changed / duplicated | jobs once / in flight (gone) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const t of results.tenants) {
    const r = t.reconciliation;
    lines.push(
      `| ${cell(t.tenant)} | ${t.transactions.passed} / ${t.transactions.total} | ${t.failedAfterBaseline ?? '—'} | ${dur(t.downtime.totalMs)} | ${dur(t.rtoMs)} | ${dur(r.rpoMs)} | ${r.lost} / ${r.changed} / ${r.duplicated} | ${t.jobs.unavailable ? 'not measured' : `${t.jobs.completedOnce} / ${t.jobs.inFlight} (${t.jobs.gone})`} |`,
    );
  }
  if (results.verdicts.length) {
    lines.push('', '| | threshold | measured | tenant |', '|---|---|---|---|');
    for (const v of results.verdicts)
      lines.push(
        `| ${v.passed ? '✅' : '❌'} | \`${cell(v.threshold)}\` | ${cell(verdictValue(v))} | ${cell(v.tenant ?? '')} |`,
      );
  }
  if (comparison) {
    lines.push(
      '',
      `Compared with the drill of ${comparison.before.startedAt} (${comparison.before.status}): ▲ worse, ▼ better`,
      '',
      '| tenant | figure | now | before | change |',
      '|---|---|---|---|---|',
    );
    for (const { tenant, moves } of comparison.tenants)
      for (const m of moves)
        lines.push(
          `| ${cell(tenant)} | \`${m.figure}\` | ${figureText(m.unit, m.now)} | ${figureText(m.unit, m.before)} | ${changeText(m)} |`,
        );
  }
  return `${lines.join('\n')}\n\n`;
}
