import type { SummaryLoad } from '../schema/index.js';
import { mergeLoadSummary, type LoadRun } from './load-summary.js';
import { writeIntoSummary, type SummaryWrite } from './write-into-summary.js';

/**
 * Merges a load into the business summary in `dir` (see `writeIntoSummary`): into the summary
 * there when it can be read, else a summary of loads alone. Throws only what the file system
 * throws (the CLI reports it).
 */
export function writeLoadIntoSummary(input: {
  dir: string;
  load: SummaryLoad;
  run: LoadRun;
  deployment: Record<string, unknown>;
}): SummaryWrite {
  return writeIntoSummary(input.dir, (existing) => mergeLoadSummary({ ...input, ...(existing ? { existing } : {}) }));
}
