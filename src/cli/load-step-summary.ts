import { appendFileSync } from 'node:fs';

/**
 * On GitHub Actions, the report goes on the job's summary page too (`$GITHUB_STEP_SUMMARY`): the
 * load's Markdown (`markdown`: its figures per metric and thresholds, as the business summary
 * shows them) with the full text report folded under it, or the text report alone (a segment,
 * which is judged by the merge). A file that cannot be written costs that page only.
 */
export function appendStepSummary(report: string, markdown?: readonly string[]): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const text = `\`\`\`\n${report.trimEnd()}\n\`\`\`\n`;
  try {
    appendFileSync(
      file,
      markdown
        ? `## Rehearse — load\n\n${markdown.join('\n')}\n<details><summary>The full report</summary>\n\n${text}\n</details>\n`
        : `## Rehearse — load\n\n${text}`,
    );
  } catch (error) {
    process.stderr.write(`rehearse: could not append to $GITHUB_STEP_SUMMARY (${file}): ${String(error)}\n`);
  }
}
