import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

/** The repository root: its user files are the shipped project each case starts from. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));

/** What a command must answer for a malformed project. */
export interface Expectation {
  /** Allowed exit codes (default [2]). */
  exit?: number[];
  /** Regular expressions; one must match the output (file:line:col). */
  at?: string[];
  /** Regular expressions the message lines must all match (case-insensitive). */
  mentions?: string[];
  /** Regular expressions the whole output must not match (e.g. the run started). */
  notMentions?: string[];
  /** CPU seconds the command may take (default 5). */
  maxSeconds?: number;
  maxOutputBytes?: number;
}

/**
 * One case of `test/bad-inputs/cases/<id>/case.json`: the same format as the handed corpus
 * (`place`, `symlinks`, `remove`, `generate`, `args`, `expect`, `run`), plus `code`, the error
 * code the answer must carry.
 */
export interface BadInputCase {
  id: string;
  kind: string;
  title: string;
  /** Error code the answer must name (omitted only when exit 0 is acceptable). */
  code?: string;
  place?: Record<string, string>;
  symlinks?: Record<string, string>;
  remove?: string[];
  generate?: string;
  unsetEnv?: string[];
  env?: Record<string, string>;
  args: string[];
  expect: Expectation;
  run?: { args: string[]; expect: Expectation };
}

/** Entries of the repository that make up the shipped project (the rest is the framework). */

export function listCases(): Array<{ dir: string; spec: BadInputCase }> {
  return readdirSync(CASES_DIR)
    .filter((name) => existsSync(join(CASES_DIR, name, 'case.json')))
    .sort()
    .map((name) => ({
      dir: join(CASES_DIR, name),
      spec: JSON.parse(readFileSync(join(CASES_DIR, name, 'case.json'), 'utf8')) as BadInputCase,
    }));
}

/** Every file under `dir` as text (a case's case.json, its files and its generator). */
function textsUnder(dir: string): string {
  let text = '';
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) text += textsUnder(full);
    else if (entry.isFile()) text += `${entry.name}\n${readFileSync(full, 'latin1')}\n`;
  }
  return text;
}

/** Always kept: a project without scenarios is an error of its own (REHEARSE_NO_SCENARIOS). */
const KEPT_SCENARIO = 'order-to-cash.scenario.yaml';

/**
 * Cases whose answer names errors in every shipped scenario (no tenant profile or no action is
 * left to resolve their names against): their copies keep every scenario.
 */
const WHOLE_PROJECT_CASES = new Set(['128-tenant-profiles-self-link', '129-actions-is-a-file']);

/**
 * The shipped scenarios (`scenarios/*.scenario.yaml`) a case leaves out of its copy: those its
 * files never name, but order-to-cash. Loading the twenty shipped scenarios is about a third of
 * each CLI call's CPU (0.3 s of 1 s), and a refused case's answer (but WHOLE_PROJECT_CASES') does
 * not depend on a scenario it does not name: each answers exactly the same (exit code and every
 * byte of output) with them and without them, which
 * `node --import tsx test/bad-inputs/check-trimmed-projects.ts` proves again after a change of
 * the loader, of the shipped scenarios or of the corpus. A case that may be accepted (exit 0)
 * keeps them all: its answer counts them; so do WHOLE_PROJECT_CASES, and every case with
 * BAD_INPUT_FULL_PROJECT=1.
 */
export function unnamedShippedScenarios(caseDir: string, spec: BadInputCase): string[] {
  if (process.env.BAD_INPUT_FULL_PROJECT === '1' || WHOLE_PROJECT_CASES.has(spec.id)) return [];
  if ([spec.expect.exit, spec.run?.expect.exit].some((exits) => exits?.includes(0))) return [];
  const text = textsUnder(caseDir);
  return readdirSync(join(REPO, 'scenarios'))
    .filter((name) => name.endsWith('.scenario.yaml') && name !== KEPT_SCENARIO)
    .filter((name) => !text.includes(name.slice(0, -'.scenario.yaml'.length)))
    .map((name) => `scenarios/${name}`);
}

/**
 * A copy of the shipped project with the case applied (without the shipped scenarios the case
 * does not name, unless `full`); remove it when done.
 */
export async function prepareProject(caseDir: string, spec: BadInputCase, full = false): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'rehearse-bad-input-'));
  copyShippedProjectWithoutPages(REPO, root);
  if (!full) for (const path of unnamedShippedScenarios(caseDir, spec)) rmSync(join(root, path), { force: true });
  for (const path of spec.remove ?? []) rmSync(join(root, path), { recursive: true, force: true });
  for (const [from, to] of Object.entries(spec.place ?? {})) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    cpSync(join(caseDir, from), join(root, to), { recursive: true });
  }
  for (const [path, target] of Object.entries(spec.symlinks ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  if (spec.generate) {
    const code = await new Promise<number | null>((done) =>
      spawn(process.execPath, [join(caseDir, spec.generate!), root], { stdio: 'inherit' }).on('close', done),
    );
    if (code !== 0) throw new Error(`${spec.generate} of ${spec.id} failed`);
  }
  return root;
}

export interface CliAnswer {
  code: number | null;
  killed: boolean;
  /** User + system CPU seconds of the command (bash `time`), less noisy than wall time. */
  cpuSeconds: number | undefined;
  bytes: number;
  output: string;
}

/**
 * Runs the real CLI in `root` and measures its CPU time. Killed after `killAfterMs` of wall
 * time (a hang), with its whole process group.
 */
export function runCase(root: string, args: string[], spec: BadInputCase, killAfterMs: number): Promise<CliAnswer> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1', ...spec.env };
    delete env.FORCE_COLOR;
    for (const name of spec.unsetEnv ?? []) delete env[name];
    const timeFile = join(root, '.cpu-time');
    env.BAD_INPUT_TIMEFILE = timeFile;
    const child = spawn(
      'bash',
      [
        '-c',
        'TIMEFORMAT="%U %S"; { time "$@" 2>&3 ; } 3>&2 2>"$BAD_INPUT_TIMEFILE"',
        'bash',
        process.execPath,
        BIN,
        ...args,
      ],
      { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    let bytes = 0;
    const take = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes < 4 * 1024 * 1024) chunks.push(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, killAfterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      let cpuSeconds: number | undefined;
      try {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
        if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user! + system!;
      } catch {
        cpuSeconds = undefined;
      }
      done({ code, killed, cpuSeconds, bytes, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** A stack-trace line of a JavaScript error. */
export const STACK = /^\s+at (?:async )?(?:[\w$.<>[\] ]+ )?\(?(?:file:|node:|\/)[^)\n]*:\d+:\d+\)?\s*$/m;
/** Words that only an internal error prints. */
export const INTERNALS = [/Maximum call stack size exceeded/i, /\[object Object\]/, /internal error/i];
const CODE_FRAME_LINE = /^\s*>?\s*\d+ \| |^\s+\| /;

/** Every way the answer falls short of the expectation; empty when it is right. */
export function judge(answer: CliAnswer, expect: Expectation, code: string | undefined, root: string): string[] {
  const problems: string[] = [];
  const out = answer.output.slice(0, 256 * 1024);
  const exits = expect.exit ?? [2];
  if (answer.killed) problems.push('hang: killed');
  else if (!exits.includes(answer.code ?? -1)) problems.push(`exit ${answer.code} (want ${exits.join('|')})`);
  if (STACK.test(out)) problems.push('a stack trace');
  for (const re of INTERNALS) if (re.test(out)) problems.push(`internals: ${re.source}`);
  const maxSeconds = expect.maxSeconds ?? 5;
  if (answer.cpuSeconds !== undefined && answer.cpuSeconds > maxSeconds)
    problems.push(`slow: ${answer.cpuSeconds.toFixed(1)} s of CPU (limit ${maxSeconds} s)`);
  if (expect.maxOutputBytes && answer.bytes > expect.maxOutputBytes)
    problems.push(`output ${answer.bytes} B > ${expect.maxOutputBytes} B`);
  if (answer.code === 2 && code && !out.includes(code)) problems.push(`no ${code} in the output`);
  if (expect.at?.length && !expect.at.some((re) => new RegExp(re).test(out)))
    problems.push(`no position matching ${expect.at.join(' or ')}`);
  // Wording is judged on message lines only: no code frames, and no file names (a case's own
  // file name must not satisfy a keyword).
  const message = out
    .split('\n')
    .filter((l) => !CODE_FRAME_LINE.test(l))
    .join('\n')
    .replace(/[^\s'"]{1,400}\.(?:ya?ml|json)(?::\d+:\d+)?/g, '<file>')
    .split(root)
    .join('<dir>');
  for (const re of expect.mentions ?? [])
    if (!new RegExp(re, 'i').test(message)) problems.push(`no mention of /${re}/`);
  for (const re of expect.notMentions ?? []) if (new RegExp(re, 'i').test(out)) problems.push(`says /${re}/`);
  return problems;
}
