import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BusinessSummary } from '../schema/index.js';
import { readBusinessSummary } from './read-summary.js';
import { renderSummaryHtml } from './render-html.js';
import { renderSummaryMarkdown } from './render-markdown.js';
import { SUMMARY_FILES } from './summary-files.js';

/** What writing into a business summary did. */
export interface SummaryWrite {
  /** The summary.json written. */
  file: string;
  /** True when it joined a summary already there (a run's, or earlier drills' and loads'). */
  merged: boolean;
  /** Why the summary already there was not merged into (it was moved to previous-summary.json). */
  problem?: string;
}

/**
 * Writes the business summary in `dir` (summary.json, summary.md, summary.html; the folder
 * `rehearse run` writes its summary to) as `merge` makes it from the summary there — when it can
 * be read (any version `readBusinessSummary` reads; written back as the current version) — or from
 * nothing. A summary there that cannot be read is not overwritten: it becomes
 * previous-summary.json, as a run's reporter does with the last summary, and `problem` says why.
 * Throws only what the file system throws (the CLI reports it).
 */
export function writeIntoSummary(
  dir: string,
  merge: (existing: BusinessSummary | undefined) => BusinessSummary,
): SummaryWrite {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SUMMARY_FILES.json);
  let problem: string | undefined;
  let existing: BusinessSummary | undefined;
  if (existsSync(file)) {
    const reading = readBusinessSummary(file);
    if (reading.ok) existing = reading.summary;
    else {
      problem = reading.problem;
      renameSync(file, join(dir, 'previous-summary.json'));
    }
  }
  const summary = merge(existing);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, SUMMARY_FILES.markdown), renderSummaryMarkdown(summary));
  writeFileSync(join(dir, SUMMARY_FILES.html), renderSummaryHtml(summary));
  return { file, merged: existing !== undefined, ...(problem ? { problem } : {}) };
}
