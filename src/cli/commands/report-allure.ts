import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parse } from '../../core/yaml-library.js';
import { RehearseError } from '../../core/errors.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface ReportAllureOptions {
  /** The project folder (`-C`): the defaults below are inside it, and Allure is looked for from it. */
  dir: string;
  /** Allure results (default `<outputDir>/allure-results`, what `--reporter allure` writes; `outputDir` of rehearse.config.yaml, else `reports`). */
  results?: string;
  /** Where the HTML report goes (default `<outputDir>/allure-report`). */
  output?: string;
  /** Allure 3's history file (JSON Lines, one line per report built; default `<outputDir>/allure-history.jsonl`). */
  history?: string;
}

/** How to get the Allure command line, for the messages. */
const INSTALL_HINT =
  'Install Allure 3 (pure Node, no Java) in the project: `npm i -D allure`, or put its `allure` command on PATH; then run this again.';

/**
 * `rehearse report allure`: builds Allure's HTML report from the results of `--reporter allure`
 * with Allure 3's command line (`allure generate`), keeping history across runs in one JSON Lines
 * file (Allure 3's `historyPath`: each build appends the run, so trends and "new failure" marks
 * show from the second build on; keep the file between CI runs, e.g. as a cache). The categories
 * the results carry (`categories.json`) are handed to Allure 3, which reads them from its config.
 *
 * Allure is looked for in the project's `node_modules` (and those above it, as Node resolves),
 * then as `allure` on PATH. Not found, or an Allure 2 (Java) on PATH: `RehearseError`
 * `REHEARSE_ALLURE_MISSING` (exit 2) saying what to install. Results missing:
 * `REHEARSE_ALLURE_NO_RESULTS` (exit 2). Allure failing: its output and exit 1.
 *
 * @example
 * rehearse report allure --history ci-cache/allure-history.jsonl
 */
export async function reportAllureCommand(options: ReportAllureOptions, output: Output): Promise<number> {
  const root = resolve(options.dir);
  const reports = configuredOutputDir(root);
  const results = resolve(root, options.results ?? join(reports, 'allure-results'));
  const report = resolve(root, options.output ?? join(reports, 'allure-report'));
  const history = resolve(root, options.history ?? join(reports, 'allure-history.jsonl'));
  if (!existsSync(results) || !readdirSync(results).some((name) => name.endsWith('-result.json')))
    throw new RehearseError(
      'REHEARSE_ALLURE_NO_RESULTS',
      `Failed to build the Allure report: ${results} holds no Allure results.`,
      { hint: 'Run the scenarios with `rehearse run --reporter list,allure` first, or pass --results <dir>.' },
    );
  const allure = findAllure(root);
  const recordedBefore = historyLines(history).length;
  const scratch = mkdtempSync(join(tmpdir(), 'rehearse-allure-'));
  try {
    const config = join(scratch, 'allurerc.mjs');
    writeFileSync(config, `export default ${JSON.stringify(allureConfig(results, report, history), null, 2)};\n`);
    const run = await runAllure(allure, ['generate', results, '--config', config, '--output', report], root);
    if (run.code !== 0) {
      output.err(
        `✗ Failed to build the Allure report: \`allure generate\` exited with ${run.code}.\n${run.text.trim().split('\n').slice(-20).join('\n')}`,
      );
      return EXIT.failed;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const repeated = dropRepeatedRun(history, recordedBefore);
  const runs = historyLines(history).length;
  output.out(
    `Allure report: ${join(report, 'index.html')}\nHistory: ${history} (${runs} run(s))` +
      (repeated ? '\nThese results were already in the history: the run is not recorded twice.' : ''),
  );
  return EXIT.passed;
}

function historyLines(history: string): string[] {
  return existsSync(history) ? readFileSync(history, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * Allure 3 appends a history line each time a report is built, so building twice from the same
 * results (a re-run CI step, a report rebuilt by hand) would count one run twice in the trends.
 * When the line this build added holds only test results (by their result id) that an earlier
 * line holds, it is taken out again. Returns whether it was.
 */
function dropRepeatedRun(history: string, recordedBefore: number): boolean {
  const lines = historyLines(history);
  if (lines.length !== recordedBefore + 1 || recordedBefore === 0) return false;
  const ids = (line: string): Set<string> => {
    try {
      const entry = JSON.parse(line) as { testResults?: Record<string, { id?: unknown }> };
      return new Set(Object.values(entry.testResults ?? {}).flatMap((r) => (typeof r.id === 'string' ? [r.id] : [])));
    } catch {
      return new Set();
    }
  };
  const added = ids(lines.at(-1)!);
  if (added.size === 0) return false;
  const seen = lines.slice(0, -1).some((line) => {
    const earlier = ids(line);
    return [...added].every((id) => earlier.has(id));
  });
  if (!seen) return false;
  writeFileSync(history, `${lines.slice(0, -1).join('\n')}\n`);
  return true;
}

/**
 * The project's `outputDir` (rehearse.config.yaml), where `rehearse run` put the results; `reports`
 * when the config names none or cannot be read (this command builds a report, it does not check the project).
 */
function configuredOutputDir(root: string): string {
  try {
    const config = parse(readFileSync(join(root, 'rehearse.config.yaml'), 'utf8')) as { outputDir?: unknown } | null;
    return typeof config?.outputDir === 'string' && config.outputDir ? config.outputDir : 'reports';
  } catch {
    return 'reports';
  }
}

/** Allure 3's configuration (`allurerc`) for one build. */
function allureConfig(results: string, output: string, historyPath: string): Record<string, unknown> {
  return {
    name: 'Rehearse',
    output,
    historyPath,
    // Messages hold trace ids, so grouping a category by message would give a group per test.
    categories: readCategories(results).map((category) => ({ ...category, groupByMessage: false })),
  };
}

/** The categories `--reporter allure` wrote (`categories.json`, Allure 2's format Allure 3 accepts in its config). */
function readCategories(results: string): Array<Record<string, unknown>> {
  try {
    const parsed = JSON.parse(readFileSync(join(results, 'categories.json'), 'utf8')) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
      : [];
  } catch {
    return [];
  }
}

/** How to start Allure: Node with its `cli.js`, or an executable on PATH. */
interface AllureCommand {
  file: string;
  args: string[];
}

function findAllure(root: string): AllureCommand {
  for (let dir = root; ; dir = dirname(dir)) {
    const cli = join(dir, 'node_modules', 'allure', 'cli.js');
    if (existsSync(cli)) return { file: process.execPath, args: [cli] };
    if (dirname(dir) === dir) break;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of process.platform === 'win32' ? ['allure.cmd', 'allure.exe'] : ['allure']) {
      const file = join(dir, name);
      if (!isExecutable(file)) continue;
      const version = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout?.trim() ?? '';
      if (/^3\./.test(version)) return { file, args: [] };
      throw new RehearseError(
        'REHEARSE_ALLURE_MISSING',
        `Failed to build the Allure report: the \`allure\` on PATH (${file}) is version ${version || 'unknown'}, not Allure 3.`,
        { hint: `Rehearse keeps history in Allure 3's history file. ${INSTALL_HINT}` },
      );
    }
  }
  throw new RehearseError(
    'REHEARSE_ALLURE_MISSING',
    `Failed to build the Allure report: the Allure command line is not installed (looked in node_modules from ${root} up, and on PATH).`,
    { hint: INSTALL_HINT },
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function runAllure(command: AllureCommand, args: string[], cwd: string): Promise<{ code: number; text: string }> {
  return new Promise((done) => {
    const child = spawn(command.file, [...command.args, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', (error) => done({ code: 1, text: error.message }));
    child.on('close', (code) => done({ code: code ?? 1, text }));
  });
}
