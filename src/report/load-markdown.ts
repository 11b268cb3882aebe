import type { SummaryLoad } from '../schema/index.js';
import { LOAD_COLUMNS, loadHeadline, loadRows, neighbourLines, thresholdLine } from './load-summary-text.js';

/**
 * One load as GitHub-flavoured Markdown lines (for the summary's `### Load` section and
 * `$GITHUB_STEP_SUMMARY`): its headline, a table row per metric (the iteration, each action), then
 * the thresholds with what they measured, the SLOs reported, the noisy neighbour. Ends with a blank line.
 */
export function loadMarkdownLines(load: SummaryLoad): string[] {
  const lines = [`**${oneLine(loadHeadline(load))}** · results \`${oneLine(load.results)}\``, ''];
  lines.push(
    `| ${LOAD_COLUMNS.join(' | ')} |`,
    `|---|---|${LOAD_COLUMNS.slice(2)
      .map(() => '---:')
      .join('|')}|`,
  );
  for (const row of loadRows(load)) lines.push(`| ${row.map(cell).join(' | ')} |`);
  lines.push('');
  const items = [
    ...load.thresholds.map((v) => thresholdLine(v)),
    ...load.sloWarnings.map((v) => `${thresholdLine(v, '⚠')} (the tenant's SLO, reported)`),
    ...neighbourLines(load),
  ];
  for (const item of items) lines.push(`- ${oneLine(item)}`);
  if (items.length) lines.push('');
  return lines;
}

/** A value inside a Markdown table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
