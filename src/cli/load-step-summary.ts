import { appendFileSync } from 'node:fs';

/**
 * On GitHub Actions, the report goes on the job's summary page too (`$GITHUB_STEP_SUMMARY`); a file
 * that cannot be written costs that page only.
 */
export function appendStepSummary(report: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, `## Rehearse — load\n\n\`\`\`\n${report.trimEnd()}\n\`\`\`\n`);
  } catch (error) {
    process.stderr.write(`rehearse: could not append to $GITHUB_STEP_SUMMARY (${file}): ${String(error)}\n`);
  }
}
