import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { RehearseError } from '../../core/errors.js';
import {
  judgeThresholds,
  loadStatusOf,
  loadSummaryOf,
  mergeLoadResults,
  noIterationPassed,
  parseThreshold,
  renderLoadHtml,
  renderLoadReport,
  withDefaultGate,
} from '../../load/index.js';
import { loadMarkdownLines } from '../../report/load-markdown.js';
import { appendStepSummary } from '../load-step-summary.js';
import { mergeLoadIntoSummary } from './load-into-summary.js';
import {
  LOAD_RESULTS_VERSION,
  LoadResultsSchema,
  versionedDocumentProblem,
  type LoadResults,
} from '../../schema/index.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface LoadMergeOptions {
  dir: string;
  /** Results files, or folders searched 3 levels deep for `segment-*.json` (default `reports/load`). */
  paths: string[];
  /** The merged results file (default `<first folder>/merged.json`, else `reports/load/merged.json`). */
  output?: string;
  /** Thresholds besides those the segments recorded. */
  threshold?: string[];
  /** Merge the merged load's figures into the business summary in this folder (none without it). */
  summaryDir?: string;
}

/**
 * `rehearse load merge [paths...]`: the segments of one `rehearse load --segment i/n` run made
 * one — histograms added, never percentiles averaged — judged by the thresholds the segments
 * recorded and any `--threshold`. With `--summary-dir`, its figures join the business summary
 * there as `rehearse load`'s do (a missing segment makes that summary incomplete). Exit codes: 0
 * every threshold held; 1 one did not, or no iteration passed (`error_rate<100%`); 2 a segment is missing (the merged file and report say
 * which), no iteration ended, or the files are not the segments of one run.
 *
 * @throws RehearseError `REHEARSE_LOAD_NO_RESULTS`, `REHEARSE_LOAD_BAD_RESULTS`,
 *   `REHEARSE_LOAD_MIXED_RUNS`, `REHEARSE_LOAD_DUPLICATE_SEGMENT`, `REHEARSE_INVALID_FLAG`.
 */
export function loadMergeCommand(options: LoadMergeOptions, output: Output): number {
  const root = resolve(options.dir);
  const extra = (options.threshold ?? []).map(parseThreshold);
  const paths = options.paths.length ? options.paths.map((p) => resolve(root, p)) : [join(root, 'reports', 'load')];
  const files = paths.flatMap((path) => resultsFiles(path));
  if (!files.length)
    throw new RehearseError(
      'REHEARSE_LOAD_NO_RESULTS',
      `Failed to merge load results: no segment-*.json in ${paths.join(', ')}.`,
      {
        hint: 'Collect the results of every `rehearse load --segment i/n` (reports/load/segment-<i>-of-<n>.json) into a folder and name it.',
      },
    );
  const merged = mergeLoadResults(files.map((file) => ({ file, results: readResults(file) })));
  const target = options.output
    ? resolve(root, options.output)
    : join(statSync(paths[0]!).isDirectory() ? paths[0]! : dirname(paths[0]!), 'merged.json');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(merged, null, 2)}\n`);
  const recorded = merged.load.thresholds.map(parseThreshold);
  const thresholds = [...recorded, ...extra.filter((t) => !recorded.some((r) => r.text === t.text))];
  // As `rehearse load` judges a whole load: no iteration passed in any segment fails it.
  const verdicts = withDefaultGate(merged, judgeThresholds(merged, thresholds));
  const warnings = judgeThresholds(merged, merged.load.sloWarnings.map(parseThreshold));
  const report = renderLoadReport(merged, verdicts, warnings);
  output.out(report.trimEnd());
  const page = target.replace(/(\.json)?$/, '.html');
  writeFileSync(page, renderLoadHtml(merged, verdicts, warnings, []));
  // The summary's verdict follows the exit code below, by the same rules (loadStatusOf).
  const status = loadStatusOf({ results: merged, verdicts, shifts: [], interrupted: false });
  const load = loadSummaryOf({
    results: merged,
    status,
    verdicts,
    sloWarnings: warnings,
    shifts: [],
    resultsFile: target,
  });
  appendStepSummary(report, loadMarkdownLines({ ...load, results: relative(root, target) }));
  const summary =
    options.summaryDir === undefined
      ? undefined
      : mergeLoadIntoSummary({
          load,
          resultsFile: target,
          dir: resolve(root, options.summaryDir),
          // A merge has no run of its own: the load's seed and environment stand for it.
          run: {
            id: `load-merge-${merged.load.group}`,
            environment: merged.load.environment,
            targetUrl: merged.load.targetUrl,
            seed: merged.load.seed,
          },
          deployment: {},
          output,
        });
  output.err(`Merged ${files.length} segment file(s): ${target}  ${page}${summary ? `  ${summary}` : ''}`);
  if (merged.segments.missing.length) {
    output.err(
      `✗ Incomplete: segment(s) ${merged.segments.missing.join(', ')} of ${merged.segments.count} missing — their share of the load is not in these numbers, so no verdict.`,
    );
    return EXIT.invalid;
  }
  if (merged.iteration.runs === 0) {
    output.err('✗ No iteration ended in any segment: nothing was measured.');
    return EXIT.invalid;
  }
  if (noIterationPassed(merged))
    output.err(
      `✗ No iteration passed (${merged.iteration.failed} of ${merged.iteration.runs} failed): nothing of the scenario worked, so the load fails whatever its thresholds.`,
    );
  const failed = verdicts.filter((v) => !v.passed);
  if (failed.length) output.err(`✗ ${failed.length} of ${verdicts.length} threshold(s) did not hold.`);
  return failed.length ? EXIT.failed : EXIT.passed;
}

function resultsFiles(path: string, depth = 0): string[] {
  if (!existsSync(path))
    throw new RehearseError('REHEARSE_LOAD_NO_RESULTS', `Failed to merge load results: there is nothing at ${path}.`);
  if (!statSync(path).isDirectory()) return [path];
  if (depth > 3) return [];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? resultsFiles(join(path, e.name), depth + 1)
        : /^segment-\d+-of-\d+\.json$/.test(e.name)
          ? [join(path, e.name)]
          : [],
    );
}

function readResults(file: string): LoadResults {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RehearseError(
      'REHEARSE_LOAD_BAD_RESULTS',
      `Failed to read ${file}: it is not JSON (${(error as Error).message}).`,
    );
  }
  const problem = versionedDocumentProblem(value, LoadResultsSchema, LOAD_RESULTS_VERSION, 'load results file');
  if (problem)
    throw new RehearseError('REHEARSE_LOAD_BAD_RESULTS', `Failed to read ${file}: ${problem}.`, {
      hint: 'Merge the files `rehearse load --segment i/n` wrote (schemas/load-results.schema.json).',
    });
  return value as LoadResults;
}
