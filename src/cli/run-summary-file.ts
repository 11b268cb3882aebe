import { readFileSync, rmSync, statSync } from 'node:fs';
import type { RunSummary } from '../playwright/reporters/run-summary.js';
import type { BusinessSummary, SloBreach } from '../schema/index.js';

/** Reads (and removes) what the run-summary reporter wrote; undefined when it wrote nothing. */
export function readRunSummary(file: string): RunSummary | undefined {
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    rmSync(file, { force: true });
    return summary;
  } catch {
    return undefined;
  }
}

/** True when `file` exists and was written at or after `sinceMs` (epoch ms), i.e. by this run. */
export function writtenSince(file: string, sinceMs: number): boolean {
  try {
    // File systems keep coarse times: allow a second of slack.
    return statSync(file).mtimeMs >= sinceMs - 1000;
  } catch {
    return false;
  }
}

/**
 * The SLO breaches of the business summary this run wrote (`reports/summary/summary.json`);
 * undefined when there is none from this run (not written, older than `sinceMs`, unreadable).
 */
export function readSloBreaches(file: string, sinceMs: number): SloBreach[] | undefined {
  if (!writtenSince(file, sinceMs)) return undefined;
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8')) as Partial<BusinessSummary>;
    return Array.isArray(summary.sloBreaches) ? summary.sloBreaches : undefined;
  } catch {
    return undefined;
  }
}
