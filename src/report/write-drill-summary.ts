import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BusinessSummary, SummaryDrill } from '../schema/index.js';
import { mergeDrillSummary, type DrillRun } from './drill-summary.js';
import { readBusinessSummary } from './read-summary.js';
import { renderSummaryHtml } from './render-html.js';
import { renderSummaryMarkdown } from './render-markdown.js';
import { SUMMARY_FILES } from './summary-files.js';

/** What `writeDrillIntoSummary` did. */
export interface DrillSummaryWrite {
  /** The summary.json written. */
  file: string;
  /** True when the drill joined a summary already there (a run's, or earlier drills'). */
  merged: boolean;
  /** Why the summary already there was not merged into (it was moved to previous-summary.json). */
  problem?: string;
}

/**
 * Merges a drill into the business summary in `dir` (summary.json, summary.md, summary.html; the
 * folder `rehearse run` writes its summary to): into the summary there when it can be read (any
 * version `readBusinessSummary` reads; it is written back as the current version), else a summary
 * of drills alone. A summary there that cannot be read is not overwritten: it becomes
 * previous-summary.json, as a run's reporter does with the last summary, and `problem` says why.
 * Throws only what the file system throws (the CLI reports it).
 */
export function writeDrillIntoSummary(input: {
  dir: string;
  drill: SummaryDrill;
  run: DrillRun;
  deployment: Record<string, unknown>;
}): DrillSummaryWrite {
  mkdirSync(input.dir, { recursive: true });
  const file = join(input.dir, SUMMARY_FILES.json);
  let problem: string | undefined;
  let existing: BusinessSummary | undefined;
  if (existsSync(file)) {
    const reading = readBusinessSummary(file);
    if (reading.ok) existing = reading.summary;
    else {
      problem = reading.problem;
      renameSync(file, join(input.dir, 'previous-summary.json'));
    }
  }
  const summary = mergeDrillSummary({ ...input, ...(existing ? { existing } : {}) });
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(input.dir, SUMMARY_FILES.markdown), renderSummaryMarkdown(summary));
  writeFileSync(join(input.dir, SUMMARY_FILES.html), renderSummaryHtml(summary));
  return { file, merged: existing !== undefined, ...(problem ? { problem } : {}) };
}
