import type { SummaryDrill } from '../schema/index.js';
import { mergeDrillSummary, type DrillRun } from './drill-summary.js';
import { writeIntoSummary, type SummaryWrite } from './write-into-summary.js';

/** What `writeDrillIntoSummary` did. */
export type DrillSummaryWrite = SummaryWrite;

/**
 * Merges a drill into the business summary in `dir` (see `writeIntoSummary`): into the summary
 * there when it can be read, else a summary of drills alone. Throws only what the file system
 * throws (the CLI reports it).
 */
export function writeDrillIntoSummary(input: {
  dir: string;
  drill: SummaryDrill;
  run: DrillRun;
  deployment: Record<string, unknown>;
}): DrillSummaryWrite {
  return writeIntoSummary(input.dir, (existing) => mergeDrillSummary({ ...input, ...(existing ? { existing } : {}) }));
}
