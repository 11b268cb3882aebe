import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RehearseError } from '../core/errors.js';
import { clearAllureResults } from '../playwright/reporters/allure-results-files.js';
import { BLOB_DIR } from '../playwright/run-layout.js';

/** Blob reports Playwright names after the shard: report.zip, report-2.zip, report-02.zip. */
const BLOB_FILE = /^report(?:-\d+)?\.zip$/;

/**
 * Removes, before a run starts, the reports an earlier run left in `outputDir` (absolute): the
 * JUnit (`junit.xml`), the JSON (`results.json`), the HTML report's page (`html/index.html`),
 * the blob reports (`blob/report*.zip`) and Allure's results. What this run then writes is its
 * own, and what it does not write is not there: a CI step that uploads `reports/junit.xml` after
 * a run that crashed, was cut short or named other reporters never shows an earlier run's green
 * tests as this one's, and `rehearse report merge` never merges an earlier run's blob. Only
 * those files go (an `--output-dir` may be a folder of the user's). The business summary
 * (`summary/`) stays: it is the history `--compare` reads, and each summary names its run.
 * `blobs: false` keeps the blob reports (a merge whose sources are that folder's blobs).
 *
 * @throws RehearseError `REHEARSE_OUTPUT_DIR_NOT_WRITABLE` when one cannot be removed: it would
 *   be taken for this run's.
 */
export function removeStaleReports(outputDir: string, options: { blobs?: boolean } = {}): void {
  const blobDir = join(outputDir, BLOB_DIR);
  const files = [
    join(outputDir, 'junit.xml'),
    join(outputDir, 'results.json'),
    join(outputDir, 'html', 'index.html'),
    ...(options.blobs === false ? [] : namesIn(blobDir))
      .filter((name) => BLOB_FILE.test(name))
      .map((name) => join(blobDir, name)),
  ];
  try {
    for (const file of files) rmSync(file, { force: true });
    clearAllureResults(join(outputDir, 'allure-results'));
  } catch (error) {
    throw new RehearseError(
      'REHEARSE_OUTPUT_DIR_NOT_WRITABLE',
      `Failed to remove an earlier run's reports from ${outputDir}: ${error instanceof Error ? error.message : String(error)}.`,
      {
        hint: 'Make the output folder writable (or give another with --output-dir): a report left there would be read as this run’s.',
      },
    );
  }
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
