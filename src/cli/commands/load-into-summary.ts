import { relative, sep } from 'node:path';
import { Redactor } from '../../core/redactor.js';
import { writeLoadIntoSummary } from '../../report/write-load-summary.js';
import type { SummaryLoad } from '../../schema/index.js';
import type { Output } from '../output.js';

/**
 * Merges a load's figures into the business summary in `dir` (see `writeLoadIntoSummary`: into the
 * summary a run, a drill or an earlier load left there, replacing the same scenario × tenant's
 * entry, else a summary of loads alone); returns the summary.json written. The load's own files
 * are written already: a summary that cannot be written is said on stderr and costs the summary
 * only, never the load's exit code. `load.results` is made relative to `dir` here.
 */
export function mergeLoadIntoSummary(input: {
  load: SummaryLoad;
  resultsFile: string;
  dir: string;
  run: { id: string; environment: string; targetUrl?: string; seed: string };
  deployment: Record<string, unknown>;
  output: Output;
}): string | undefined {
  try {
    const written = writeLoadIntoSummary({
      dir: input.dir,
      load: { ...input.load, results: relative(input.dir, input.resultsFile).split(sep).join('/') },
      run: input.run,
      // What the version endpoint said is read by people and other tools: fields named like secrets masked.
      deployment: new Redactor().redactValue(input.deployment),
    });
    if (written.problem)
      input.output.err(`⚠ ${written.problem}: kept as previous-summary.json; the load's figures start a new summary.`);
    return written.file;
  } catch (error) {
    input.output.err(
      `⚠ Failed to write the business summary in ${input.dir}: ${error instanceof Error ? error.message : String(error)}. The load's results file has every figure.`,
    );
    return undefined;
  }
}
