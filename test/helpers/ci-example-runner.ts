import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPORTER_NAMES } from '../../src/playwright/run-layout.js';
import { BIN } from './run-cli.js';
import { copyShippedProjectWithoutPages } from './shipped-project.js';
import { CHECKOUT } from './report-files.js';

/**
 * Runs the jobs of a CI example (GitHub Actions workflow or GitLab CI file) on this machine,
 * each job instance (a matrix entry, a `parallel:` copy) in a copy of the shipped project of
 * its own, as a CI runner would on a machine of its own. What is CI plumbing is emulated
 * or skipped, by name, and every other thing is refused, so an example the emulation does
 * not understand fails its test instead of passing untried:
 * - skipped: `actions/checkout`, `actions/setup-node`, `actions/cache` (+`/restore`, `/save`),
 *   GitLab's `image`, `cache`, `rules`, `retry`, `timeout`, and the `run:`/`script:` lines
 *   `npm ci` and `npm install --no-save allure@3` (the copy links this checkout's node_modules);
 * - emulated: `actions/upload-artifact` / `download-artifact` and GitLab's `artifacts:` (files
 *   copied between the jobs' folders), JUnit publishing (`mikepenz/action-junit-report`,
 *   `artifacts.reports.junit`: the file must exist);
 * - run: every line calling `node node_modules/.bin/rehearse` (this checkout's bin/rehearse.js),
 *   through bash with the job's variables, as the runners run scripts. A `--reporter` name
 *   this build does not know yet is dropped, and `rehearse report allure` is skipped when this
 *   build has no such command (both noted in the step).
 */

/** One step of one job instance and what came of it. */
export interface StepRun {
  what: string;
  /** Exit code; undefined when the step was skipped or emulated. */
  code?: number;
  output: string;
  note?: string;
}

export interface JobRun {
  /** `job` or `job 2/3` for a matrix entry or a parallel copy. */
  name: string;
  /** The first failing step's exit code, else 0. */
  code: number;
  steps: StepRun[];
  /** The job's project copy. */
  workspace: string;
}

export interface ExampleOptions {
  /** Variables as repository / project CI variables would set them (they win over the file's defaults). */
  variables: Record<string, string>;
  /** Where the job copies go (a fresh folder). */
  scratch: string;
  /** Variables of the machine, e.g. SANDBOX_DEFECTS. */
  machineEnv?: Record<string, string>;
}

/** Variables naming a pipeline run (see src/cli/run-group.ts): the runner sets its own, never the outer CI's. */
const PIPELINE_VARIABLES = [
  'REHEARSE_RUN_GROUP',
  'GITHUB_RUN_ID',
  'GITHUB_REPOSITORY',
  'CI_PIPELINE_ID',
  'CI_PROJECT_PATH',
  'BUILDKITE_BUILD_ID',
  'CIRCLE_WORKFLOW_ID',
  'BUILD_BUILDID',
  'BUILD_TAG',
];

const RUN_LINE = /^node node_modules\/\.bin\/rehearse (.+)$/;
const SKIPPED_LINES = new Set(['npm ci', 'npm install --no-save allure@3']);

let reportAllureKnown: Promise<boolean> | undefined;

export async function runGithubWorkflow(file: string, options: ExampleOptions): Promise<JobRun[]> {
  const workflow = parse(readFileSync(file, 'utf8')) as {
    env?: Record<string, string>;
    jobs: Record<string, GithubJob>;
  };
  const runId = String(Date.now());
  const artifacts = new Map<string, string>();
  const results: JobRun[] = [];
  const done = new Set<string>();
  const pending = Object.entries(workflow.jobs);
  for (let round = 0; pending.length && round < 10; round++) {
    const ready = pending.filter(([, job]) => needsOf(job.needs).every((n) => done.has(n)));
    for (const [name, job] of ready) {
      pending.splice(pending.indexOf(pending.find(([n]) => n === name)!), 1);
      const ifExpression = job.if === undefined ? undefined : stripBraces(job.if);
      if (ifExpression !== undefined && !knownCondition(ifExpression))
        throw new Error(`${file}: job ${name}: the test does not know the condition "${job.if}"`);
      const shards = job.strategy?.matrix ? matrixOf(file, name, job.strategy.matrix) : [undefined];
      const runs = await Promise.all(
        shards.map((shard) => {
          const ctx: GithubContext = { shard, total: shards.length, runId, variables: options.variables };
          const env = {
            ...evaluateMap(file, workflow.env, ctx),
            ...evaluateMap(file, job.env, ctx),
            GITHUB_ACTIONS: 'true',
            GITHUB_RUN_ID: runId,
            GITHUB_REPOSITORY: 'example/rehearse-project',
          };
          const label = shard === undefined ? name : `${name} ${shard}/${shards.length}`;
          return runGithubJob(file, label, job, env, ctx, artifacts, options);
        }),
      );
      results.push(...runs);
      done.add(name);
    }
  }
  if (pending.length) throw new Error(`${file}: jobs ${pending.map(([n]) => n).join(', ')} never became ready`);
  return results;
}

interface GithubJob {
  needs?: string | string[];
  if?: string;
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; 'fail-fast'?: boolean };
  steps: Array<{ uses?: string; run?: string; if?: string; with?: Record<string, unknown> }>;
  [key: string]: unknown;
}

interface GithubContext {
  shard: string | undefined;
  total: number;
  runId: string;
  variables: Record<string, string>;
}

async function runGithubJob(
  file: string,
  name: string,
  job: GithubJob,
  env: Record<string, string>,
  ctx: GithubContext,
  artifacts: Map<string, string>,
  options: ExampleOptions,
): Promise<JobRun> {
  const workspace = newWorkspace(options.scratch, name);
  const steps: StepRun[] = [];
  let code = 0;
  for (const step of job.steps) {
    const condition = step.if === undefined ? undefined : stripBraces(step.if);
    if (condition !== undefined && !knownCondition(condition))
      throw new Error(`${file}: ${name}: the test does not know the condition "${step.if}"`);
    // Without a condition a step runs only while the job succeeds; !cancelled() and always() run it anyway.
    if (code !== 0 && condition === undefined) {
      steps.push({ what: step.run ?? step.uses ?? '?', output: '', note: 'skipped: an earlier step failed' });
      continue;
    }
    const inputs = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(file, String(v), ctx)]),
    );
    if (step.uses) {
      const action = step.uses.replace(/@.*$/, '');
      if (
        [
          'actions/checkout',
          'actions/setup-node',
          'actions/cache',
          'actions/cache/restore',
          'actions/cache/save',
        ].includes(action)
      ) {
        steps.push({ what: step.uses, output: '', note: 'CI plumbing: skipped' });
      } else if (action === 'actions/upload-artifact') {
        // As upload-artifact does by default (if-no-files-found: warn), a missing path uploads nothing.
        const from = join(workspace, inputs.path!);
        const store = join(options.scratch, 'artifacts', inputs.name!);
        if (existsSync(from)) {
          cpSync(from, store, { recursive: true });
          artifacts.set(inputs.name!, store);
        }
        steps.push({
          what: `upload ${inputs.name}`,
          output: '',
          note: existsSync(from) ? 'emulated: copied' : 'emulated: no files found',
        });
      } else if (action === 'actions/download-artifact') {
        const pattern = new RegExp(
          `^${(inputs.pattern ?? inputs.name ?? '*').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
        );
        const names = [...artifacts.keys()].filter((n) => pattern.test(n)).sort();
        for (const artifact of names) {
          const into =
            inputs['merge-multiple'] === 'true'
              ? join(workspace, inputs.path!)
              : join(workspace, inputs.path!, artifact);
          cpSync(artifacts.get(artifact)!, into, { recursive: true });
        }
        steps.push({ what: `download ${names.join(', ')}`, output: '', note: 'emulated: copied' });
      } else if (action === 'mikepenz/action-junit-report') {
        const junit = join(workspace, inputs.report_paths!);
        if (!existsSync(junit))
          throw new Error(`${file}: ${name}: the JUnit report ${inputs.report_paths} to publish is not there`);
        steps.push({ what: `publish ${inputs.report_paths}`, output: '', note: 'emulated: the file exists' });
      } else throw new Error(`${file}: ${name}: the test does not know the action ${step.uses}`);
      continue;
    }
    if (step.run === undefined) throw new Error(`${file}: ${name}: a step with neither uses nor run`);
    for (const line of scriptLines(evaluate(file, step.run, ctx))) {
      const run = await runLine(file, name, line, workspace, { ...env, ...options.machineEnv });
      steps.push(run);
      if (run.code) {
        code ||= run.code;
        break;
      }
    }
  }
  return { name, code, steps, workspace };
}

export async function runGitlabPipeline(file: string, options: ExampleOptions): Promise<JobRun[]> {
  const pipeline = parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
    stages?: string[];
    variables?: Record<string, string>;
  };
  const pipelineId = String(Date.now());
  const jobs = Object.entries(pipeline).filter(
    ([key]) => !['stages', 'variables', 'default', 'workflow', 'include'].includes(key) && !key.startsWith('.'),
  ) as Array<[string, GitlabJob]>;
  const known = new Set([
    'stage',
    'image',
    'needs',
    'timeout',
    'retry',
    'script',
    'before_script',
    'after_script',
    'artifacts',
    'cache',
    'rules',
    'parallel',
    'when',
    'variables',
  ]);
  for (const [name, job] of jobs)
    for (const key of Object.keys(job))
      if (!known.has(key)) throw new Error(`${file}: job ${name}: the test does not know the key "${key}"`);
  const results: JobRun[] = [];
  const produced: Array<{ dir: string; paths: string[] }> = [];
  let failed = false;
  for (const stage of pipeline.stages ?? ['build', 'test', 'deploy']) {
    const inStage = jobs.filter(([, job]) => (job.stage ?? 'test') === stage);
    const runs = await Promise.all(
      inStage.flatMap(([name, job]) => {
        if (failed && job.when !== 'always') return [];
        const total = job.parallel ?? 1;
        return Array.from({ length: total }, async (_, i) => {
          const label = total > 1 ? `${name} ${i + 1}/${total}` : name;
          const workspace = newWorkspace(options.scratch, label);
          for (const artifact of produced)
            for (const path of artifact.paths)
              if (existsSync(join(artifact.dir, path)))
                cpSync(join(artifact.dir, path), join(workspace, path), { recursive: true });
          const env = {
            ...pipeline.variables,
            ...job.variables,
            ...options.variables,
            CI: 'true',
            GITLAB_CI: 'true',
            CI_PIPELINE_ID: pipelineId,
            CI_PROJECT_PATH: 'example/rehearse-project',
            ...(total > 1 ? { CI_NODE_INDEX: String(i + 1), CI_NODE_TOTAL: String(total) } : {}),
            ...options.machineEnv,
          };
          const steps: StepRun[] = [];
          let code = 0;
          for (const line of [...(job.before_script ?? []), ...job.script]) {
            const run = await runLine(file, label, line, workspace, env);
            steps.push(run);
            if (run.code) {
              code = run.code;
              break;
            }
          }
          // after_script runs whatever the script came to; its failures do not fail the job.
          for (const line of job.after_script ?? []) steps.push(await runLine(file, label, line, workspace, env));
          if (job.artifacts?.reports?.junit && !existsSync(join(workspace, job.artifacts.reports.junit)))
            throw new Error(`${file}: ${label}: the JUnit report ${job.artifacts.reports.junit} is not there`);
          return {
            run: { name: label, code, steps, workspace },
            artifacts: { dir: workspace, paths: job.artifacts?.paths ?? [] },
          };
        });
      }),
    );
    for (const { run, artifacts } of runs) {
      results.push(run);
      produced.push(artifacts);
      if (run.code) failed = true;
    }
  }
  return results;
}

interface GitlabJob {
  stage?: string;
  parallel?: number;
  when?: string;
  variables?: Record<string, string>;
  before_script?: string[];
  script: string[];
  after_script?: string[];
  artifacts?: { paths?: string[]; reports?: { junit?: string } };
}

async function runLine(
  file: string,
  job: string,
  line: string,
  workspace: string,
  env: Record<string, string | undefined>,
): Promise<StepRun> {
  if (SKIPPED_LINES.has(line)) return { what: line, output: '', note: 'CI plumbing: skipped' };
  const match = RUN_LINE.exec(line);
  if (!match) throw new Error(`${file}: ${job}: the test does not know how to run "${line}"`);
  let args = match[1]!;
  const notes: string[] = [];
  args = args.replace(/--reporter (\S+)/, (_, list: string) => {
    const names = list.split(',');
    const kept = names.filter((n) => (REPORTER_NAMES as readonly string[]).includes(n));
    if (kept.length < names.length)
      notes.push(`reporters this build does not know dropped: ${names.filter((n) => !kept.includes(n)).join(', ')}`);
    return `--reporter ${kept.join(',')}`;
  });
  if (/^report allure\b/.test(args) && !(await hasReportAllure()))
    return { what: line, output: '', note: 'skipped: this build has no `rehearse report allure`' };
  const outer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PIPELINE_VARIABLES.includes(k)));
  const run = await bash(`node ${JSON.stringify(BIN)} ${args}`, workspace, {
    ...outer,
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...env,
  });
  // The Allure 3 install step is skipped here: without Allure, `report allure` says how to get it (exit 2).
  if (/^report allure\b/.test(args) && run.code === 2 && run.output.includes('REHEARSE_ALLURE_MISSING'))
    return { what: line, output: run.output, note: 'Allure 3 is not installed here (its install step is skipped)' };
  return { what: line, ...run, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/** Whether `rehearse report` of this build lists an `allure` subcommand (helper B's branch adds it). */
function hasReportAllure(): Promise<boolean> {
  reportAllureKnown ??= bash(`node ${JSON.stringify(BIN)} report --help`, CHECKOUT, { ...process.env }).then((r) =>
    /^\s+allure\b/m.test(r.output),
  );
  return reportAllureKnown;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

function newWorkspace(scratch: string, name: string): string {
  const dir = join(scratch, 'jobs', name.replace(/[^A-Za-z0-9-]/g, '_'));
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length === 0) copyShippedProjectWithoutPages(CHECKOUT, dir);
  return dir;
}

/** `run:` text as lines a shell runs one by one (continuations joined, comments and blanks left out). */
function scriptLines(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function needsOf(needs: string | string[] | undefined): string[] {
  return needs === undefined ? [] : Array.isArray(needs) ? needs : [needs];
}

function matrixOf(file: string, job: string, matrix: Record<string, unknown>): string[] {
  const keys = Object.keys(matrix);
  if (keys.length !== 1 || keys[0] !== 'shard' || !Array.isArray(matrix.shard))
    throw new Error(`${file}: ${job}: the test knows only a matrix of one list, shard`);
  return matrix.shard.map(String);
}

function stripBraces(text: string): string {
  return text.trim().replace(/^\$\{\{\s*(.*?)\s*\}\}$/, '$1');
}

/** Conditions the emulation knows: not cancelled, and the trigger conditions of a dispatched workflow. */
function knownCondition(expression: string): boolean {
  return (
    expression === '!cancelled()' ||
    expression === 'always()' ||
    expression.startsWith("github.event_name == 'workflow_dispatch' ||")
  );
}

function evaluateMap(
  file: string,
  map: Record<string, string> | undefined,
  ctx: GithubContext,
): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, evaluate(file, String(v), ctx)]));
}

/** `${{ }}` expressions of the kinds the examples use; any other is refused. */
function evaluate(file: string, text: string, ctx: GithubContext): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'matrix.shard' && ctx.shard !== undefined) return ctx.shard;
    if (expression === 'strategy.job-total') return String(ctx.total);
    if (expression === 'github.run_id') return ctx.runId;
    const variable = /^vars\.([A-Z0-9_]+)(?:\s*\|\|\s*'([^']*)')?$/.exec(expression);
    if (variable) return ctx.variables[variable[1]!] ?? variable[2] ?? '';
    if (/^secrets\.[A-Z0-9_]+$/.test(expression)) return '';
    if (expression === '!cancelled()' || expression === 'always()') return 'true';
    throw new Error(`${file}: the test does not know the expression \${{ ${expression} }}`);
  });
}
