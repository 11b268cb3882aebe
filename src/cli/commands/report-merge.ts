import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { ReporterDescription } from '@playwright/test';
import { RehearseError } from '../../core/errors.js';
import {
  BLOB_DIR,
  businessSummaryFile,
  REPORTER_NAMES,
  reportFiles,
  reporters,
  runSummaryReporter,
} from '../../playwright/run-layout.js';
import type { RunSummary } from '../../playwright/reporters/run-summary.js';
import { findBlobReports, oneRunOf, readBlobReport, type BlobRun } from '../blob-reports.js';
import { EXIT } from '../exit-codes.js';
import { processOutput, type Output } from '../output.js';
import { runOutput } from '../closed-pipes.js';
import { playwrightCli } from '../playwright-process.js';
import { parseCompare, parseReporters } from '../run-flags.js';
import { typescriptLoaderEnv } from '../playwright-typescript-loader.js';
import { readRunSummary, readSloBreaches } from '../run-summary-file.js';
import { applyQualityGates } from '../verdict.js';
import { configuredOutputDir } from '../configured-output-dir.js';
import { removeStaleReports } from '../stale-reports.js';

export interface ReportMergeOptions {
  /** The project folder (`-C`): relative paths are read from it, and report paths are shown relative to it. */
  dir: string;
  /** Folders holding the blob reports (default: `<outputDir>/blob`, outputDir of rehearse.config.yaml, else reports). */
  dirs: string[];
  /** Where the merged reports go (default: the config's `outputDir`, else `reports`). */
  output?: string;
  /** Comma-separated reporter names, as `rehearse run --reporter` takes them. */
  reporter?: string;
  /** As `rehearse run --fail-on-slo`: an SLO breach in the merged business summary fails the merge (exit 1). */
  failOnSlo?: boolean;
  /** As `rehearse run --fail-on-flaky`: a merged test that passed only after a retry fails the merge (exit 1). */
  failOnFlaky?: boolean;
  /** As `rehearse run --compare`: the business summary the merged one is compared with. */
  compare?: string;
}

/**
 * Reports a merge writes unless `--reporter` says otherwise: those a single run writes as
 * files, each only when `--reporter` knows its name (`summary` and `allure` are added there).
 */
const DEFAULT_MERGE_REPORTERS = ['html', 'junit', 'summary', 'allure'].filter((name) =>
  (REPORTER_NAMES as readonly string[]).includes(name),
);

/** Lines Playwright's merge-reports prints about its own progress (its temporary folder included). */
const PROGRESS_LINE =
  /^(merging reports from|extracting:|merging events|processing test events|building final report|finished building report)/;

/**
 * `rehearse report merge [dirs...]`: Playwright's merge-reports over the blob reports of a
 * sharded run (`rehearse run --shard i/n --reporter blob` on n machines), writing the reports
 * one run writes (HTML, Rehearse's JUnit, and every reporter `reporters()` knows by name).
 * Refuses (exit 2) a missing or empty folder and blobs of different runs; warns, and marks
 * the HTML title and the JUnit, when a shard is missing. Exit code: 1 when a merged test
 * failed, timed out or was interrupted; 2 when shards are missing (and nothing failed) or
 * nothing executed; else 0.
 *
 * @throws RehearseError `REHEARSE_MERGE_NO_BLOBS`, `REHEARSE_MERGE_BAD_BLOB`,
 *   `REHEARSE_MERGE_MIXED_RUNS`, `REHEARSE_MERGE_DUPLICATE_SHARD`, `REHEARSE_INVALID_FLAG` (a
 *   `--compare` file that is not a business summary, among others).
 */
export async function reportMergeCommand(options: ReportMergeOptions, given: Output): Promise<number> {
  // A reader that closes early (`rehearse report merge | head`) stops the writing, never the merge or its exit code.
  const output = given === processOutput ? runOutput(given) : given;
  const root = resolve(options.dir);
  const chosen = options.reporter === undefined ? DEFAULT_MERGE_REPORTERS : parseReporters(options.reporter, root);
  // SLOs are judged from the business summary: --fail-on-slo writes one whatever reporters were named.
  const names = options.failOnSlo && !chosen.includes('summary') ? [...chosen, 'summary'] : chosen;
  const previousSummary = options.compare === undefined ? undefined : parseCompare(options.compare, root);
  const started = Date.now();
  const runOutputDir = resolve(root, configuredOutputDir(root) ?? 'reports');
  const outputDir = options.output === undefined ? runOutputDir : resolve(root, options.output);
  // By default, the blob a `rehearse run --reporter blob` here wrote, wherever --output sends the merge.
  const dirs = options.dirs.length ? options.dirs.map((d) => resolve(root, d)) : [join(runOutputDir, BLOB_DIR)];
  if (names.includes('blob') && dirs.includes(join(outputDir, BLOB_DIR)))
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read --reporter blob: the merged blob would go to ${join(outputDir, BLOB_DIR)}, and Playwright empties that folder first — the blobs being merged.`,
      { hint: 'Give the merge another --output folder.' },
    );
  // Before anything can refuse the merge: a report left in outputDir is this merge's or none. The
  // blobs being merged stay when they are the ones in outputDir.
  removeStaleReports(outputDir, { blobs: !dirs.includes(join(outputDir, BLOB_DIR)) });
  const run = oneRunOf(findBlobReports(dirs).map(readBlobReport), root);
  const incomplete = run.missing.length ? missingNote(run) : undefined;
  if (incomplete) output.err(`⚠ ${incomplete}`);

  const staging = mkdtempSync(join(tmpdir(), 'rehearse-merge-'));
  try {
    // Playwright merges every zip of one folder and unpacks into it: a folder of our own keeps the user's clean.
    run.blobs.forEach((blob, i) =>
      copyFileSync(blob.file, join(staging, `${String(i + 1).padStart(3, '0')}-${basename(blob.file)}`)),
    );
    const summaryFile = join(staging, 'run-summary.json');
    const configFile = join(staging, 'merge.config.mjs');
    const descriptions = [
      ...reporters(names, outputDir, {
        ...(previousSummary ? { previousSummary } : {}),
        gates: { failOnSlo: options.failOnSlo ?? false, failOnFlaky: options.failOnFlaky ?? false },
        ...(run.total > 1 ? { shards: { total: run.total, missing: run.missing } } : {}),
      }).map((d) => titled(d, incomplete)),
      runSummaryReporter(summaryFile),
    ];
    // testDir is the root the blobs' relative test paths are read against (merge-reports' rootDir override).
    writeFileSync(
      configFile,
      `export default ${JSON.stringify({ testDir: root, reporter: descriptions }, null, 2)};\n`,
    );
    const code = await mergeReports(
      configFile,
      staging,
      root,
      output,
      typescriptLoaderEnv(configFile, configFile, names, process.env),
    );
    const summary = readRunSummary(summaryFile);
    if (incomplete && names.includes('junit')) markJunitIncomplete(join(outputDir, 'junit.xml'), incomplete);
    const verdict = applyQualityGates(mergeVerdict(run, summary, code), summary, {
      failOnSlo: options.failOnSlo ?? false,
      failOnFlaky: options.failOnFlaky ?? false,
      sloBreaches: names.includes('summary') ? readSloBreaches(businessSummaryFile(outputDir), started) : undefined,
    });
    if (verdict.message) output.err(verdict.message);
    const written = reportFiles(names, outputDir).filter((file) => existsSync(file));
    if (written.length) output.err(`Reports: ${written.join('  ')}`);
    return verdict.code;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs `playwright merge-reports` (no shell), passing its output on without its progress lines. */
function mergeReports(
  configFile: string,
  blobDir: string,
  cwd: string,
  output: Output,
  loaderEnv: Record<string, string>,
): Promise<number> {
  const child = spawn(process.execPath, [playwrightCli(), 'merge-reports', '--config', configFile, blobDir], {
    cwd,
    env: { ...process.env, ...loaderEnv, PLAYWRIGHT_HTML_OPEN: 'never' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (write: (line: string) => void) => {
    let rest = '';
    return {
      data: (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (!PROGRESS_LINE.test(line)) write(line);
      },
      end: () => rest && !PROGRESS_LINE.test(rest) && write(rest),
    };
  };
  const out = forward((line) => output.out(line));
  const err = forward((line) => output.err(line));
  child.stdout.on('data', out.data);
  child.stderr.on('data', err.data);
  return new Promise((done) => {
    child.on('error', () => done(1));
    child.on('close', (code) => {
      out.end();
      err.end();
      done(code ?? 1);
    });
  });
}

/** The exit code of a merge and the line that says what was merged. */
function mergeVerdict(
  run: BlobRun,
  summary: RunSummary | undefined,
  playwrightCode: number,
): { code: number; message: string } {
  if (!summary)
    return {
      code: EXIT.invalid,
      message: `✗ Failed to merge reports: Playwright's merge-reports ended with code ${playwrightCode} before any result was read (its message is above).`,
    };
  const count = (...statuses: string[]) => summary.tests.filter((t) => statuses.includes(t.status)).length;
  const failed = count('failed', 'timedOut');
  const interrupted = count('interrupted');
  const passed = count('passed');
  const shards = run.total > 1 ? `${run.total - run.missing.length} of ${run.total} shards` : 'an unsharded run';
  const what = `Merged ${run.blobs.length} blob report(s) (${shards}): ${summary.total} test(s), ${passed} passed, ${failed} failed${interrupted ? `, ${interrupted} interrupted` : ''}, ${count('skipped')} skipped.`;
  const selected = run.group?.tests;
  const countNote =
    !run.missing.length && selected !== undefined && selected !== summary.total
      ? `\n⚠ The run selected ${selected} test(s) and the blobs hold ${summary.total}.`
      : '';
  if (failed || interrupted)
    return {
      code: EXIT.failed,
      message: `✗ ${what}${interrupted ? ' A shard was interrupted before its tests finished.' : ''}${countNote}`,
    };
  if (playwrightCode !== 0)
    return { code: EXIT.failed, message: `✗ ${what} A reporter failed while merging (its message is above).` };
  if (run.missing.length)
    return {
      code: EXIT.invalid,
      message: `✗ ${what} Not a pass: shard(s) ${run.missing.join(', ')} of ${run.total} are missing, so their tests were not seen.`,
    };
  if (passed === 0) return { code: EXIT.invalid, message: `✗ ${what} Nothing was tested, so this is not a pass.` };
  return { code: EXIT.passed, message: `✓ ${what}${countNote}` };
}

function missingNote(run: BlobRun): string {
  const found = run.blobs.map((b) => b.shard?.current ?? 1).join(', ');
  const which = run.missing.length === 1 ? `shard ${run.missing[0]}` : `shards ${run.missing.join(', ')}`;
  return `Incomplete: ${run.total - run.missing.length} of ${run.total} shards found (${found}); ${which} of ${run.total} missing — the merged report lacks its tests.`;
}

/** Playwright's HTML report says in its title that it is incomplete (the HTML reporter's `title` option). */
function titled(description: ReporterDescription, incomplete: string | undefined): ReporterDescription {
  if (!incomplete || description[0] !== 'html') return description;
  return ['html', { ...(description[1] as object), title: `Rehearse — ${incomplete}` }];
}

/** Adds an `incomplete` property to the JUnit document's `<testsuites>`, where CI servers show it. */
function markJunitIncomplete(file: string, note: string): void {
  if (!existsSync(file)) return;
  const xml = readFileSync(file, 'utf8');
  const escaped = note.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const property = `<property name="incomplete" value="${escaped}"/>`;
  const open = /<testsuites\b[^>]*>/.exec(xml);
  if (!open) return;
  const at = open.index + open[0].length;
  const existing = /^\s*<properties>/.exec(xml.slice(at));
  writeFileSync(
    file,
    existing
      ? xml.slice(0, at + existing[0].length) + `\n    ${property}` + xml.slice(at + existing[0].length)
      : xml.slice(0, at) + `\n  <properties>\n    ${property}\n  </properties>` + xml.slice(at),
  );
}
