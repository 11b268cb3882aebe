import { readFileSync, rmSync, statSync } from 'node:fs';
import type { RunSummary } from '../playwright/reporters/run-summary.js';

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
