import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReporterDescription } from '@playwright/test';

// What `rehearse run` needs of the Playwright side without loading Playwright itself (a
// third of a second for every CLI start): where the run summary goes and what reporters write.

/** Folder (inside the user's project) for what a run writes for itself (the run summary). */
export const GENERATED_DIR = '.rehearse';

/** Folder under the output folder where `--reporter blob` writes a run's blob report (one zip per shard). */
export const BLOB_DIR = 'blob';

/** Reporter names `--reporter` takes: Playwright's own, with Rehearse's JUnit in place of Playwright's, the business summary and Allure. */
export const REPORTER_NAMES = [
  'list',
  'line',
  'dot',
  'html',
  'junit',
  'json',
  'blob',
  'github',
  'null',
  'summary',
  'allure',
] as const;

/** Reporters of a run that names none: progress, Playwright's HTML, JUnit, the business summary. */
export function defaultReporterNames(ci: boolean): string[] {
  return [ci ? 'line' : 'list', 'html', 'junit', 'summary'];
}

/** What some reporters take besides the output folder. */
export interface ReporterChoices {
  /** The business summary to compare with (`--compare`); default: the last one in `<outputDir>/summary`. */
  previousSummary?: string;
  /** `--fail-on-slo` / `--fail-on-flaky`, so the business summary's verdict says what the exit code says. */
  gates?: { failOnSlo: boolean; failOnFlaky: boolean };
  /** A merge of shards: how many the run was split into and which are missing (the summary says it is incomplete). */
  shards?: { total: number; missing: number[] };
}

/**
 * Maps reporter names to Playwright reporters with Rehearse's output locations.
 * `junit` is Rehearse's (`reporters/junit-reporter.ts`), `summary` the business summary
 * (top-level `reporters/business-summary.ts`), `allure` allure-playwright with Rehearse's labels
 * and categories (`reporters/allure-reporter.ts`); a name that is a path (`./my-reporter.js`) is
 * passed to Playwright as is.
 */
export function reporters(
  names: readonly string[],
  outputDir: string,
  choices: ReporterChoices = {},
): ReporterDescription[] {
  return names.map((name): ReporterDescription => {
    switch (name) {
      case 'html':
        return ['html', { outputFolder: join(outputDir, 'html'), open: 'never' }];
      case 'junit':
        return [ownReporter('junit-reporter.js'), { outputFile: join(outputDir, 'junit.xml') }];
      case 'json':
        return ['json', { outputFile: join(outputDir, 'results.json') }];
      case 'summary':
        return [
          fileURLToPath(new URL('../../reporters/business-summary.js', import.meta.url)),
          {
            outputDir: join(outputDir, 'summary'),
            ...(choices.previousSummary ? { previous: choices.previousSummary } : {}),
            ...(choices.gates ? { gates: choices.gates } : {}),
            ...(choices.shards ? { shards: choices.shards } : {}),
          },
        ];
      case 'allure':
        return [ownReporter('allure-reporter.js'), { resultsDir: join(outputDir, 'allure-results') }];
      case 'blob':
        // Playwright names the file after the shard (report-2.zip; report-02.zip of 10 or more), so the
        // blobs of n machines collect into one folder for `rehearse report merge` without clashing.
        return ['blob', { outputDir: join(outputDir, BLOB_DIR) }];
      default:
        return [name];
    }
  });
}

/** The business summary's JSON a run with the `summary` reporter writes. */
export function businessSummaryFile(outputDir: string): string {
  return join(outputDir, 'summary', 'summary.json');
}

/** Files each reporter name writes under `outputDir`, for the CLI's "Reports:" line. */
export function reportFiles(names: readonly string[], outputDir: string): string[] {
  const files: Record<string, string> = {
    html: join(outputDir, 'html', 'index.html'),
    junit: join(outputDir, 'junit.xml'),
    json: join(outputDir, 'results.json'),
    summary: join(outputDir, 'summary', 'summary.html'),
    allure: join(outputDir, 'allure-results'),
    blob: join(outputDir, BLOB_DIR),
  };
  return names.flatMap((name) => (files[name] ? [files[name]] : []));
}

/** The reporter that writes what the CLI needs for its verdict; always on under `rehearse run`. */
export function runSummaryReporter(outputFile: string): ReporterDescription {
  return [ownReporter('run-summary-reporter.js'), { outputFile }];
}

function ownReporter(file: string): string {
  return fileURLToPath(new URL(`./reporters/${file}`, import.meta.url));
}
