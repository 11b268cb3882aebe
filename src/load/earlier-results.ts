import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RehearseError } from '../core/errors.js';
import type { LoadSegment } from './load-profile.js';

/** Where a segment's results go under the output folder: `<outputDir>/load/segment-<i>-of-<n>.json`. */
export function loadResultsFile(outputDir: string, segment: LoadSegment): string {
  return join(outputDir, 'load', `segment-${segment.index}-of-${segment.count}.json`);
}

/**
 * Removes what an earlier load of this segment left in `<outputDir>/load` (its results file and
 * its page), so that a load that ends early — a bad file, a target down — leaves nothing
 * `rehearse load merge` could take for this load's results: the merge then says the segment is
 * missing. Called at the very start of a load, before anything is validated or started. Returns
 * the paths it removed (absent ones are not an error).
 *
 * @throws RehearseError `REHEARSE_LOAD_STALE_RESULTS` when an earlier file is there and cannot be
 *   removed: the load stops (exit 2) rather than leave it to be merged as this load's.
 */
export function removeEarlierResults(outputDir: string, segment: LoadSegment): string[] {
  const json = loadResultsFile(outputDir, segment);
  const removed: string[] = [];
  for (const file of [json, json.replace(/\.json$/, '.html')]) {
    try {
      rmSync(file);
      removed.push(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new RehearseError(
          'REHEARSE_LOAD_STALE_RESULTS',
          `Failed to remove ${file}, an earlier load's results: ${(error as Error).message}.`,
          { hint: 'Remove it, or give another --output-dir: a merge would take it for this load’s.', cause: error },
        );
    }
  }
  return removed;
}
