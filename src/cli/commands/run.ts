import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '../../core/duration.js';
import { RehearseError } from '../../core/errors.js';
import { resolveEnvironment } from '../../environment/resolve-environment.js';
import { buildMatrix, driversLeftOut, leftOutNote } from '../../loader/matrix.js';
import { currentProjectDigest } from '../../loader/project-digest.js';
import { projectSnapshotFile, writeProjectSnapshot } from '../../loader/project-snapshot.js';
import type { DriverName } from '../../schema/index.js';
import { businessSummaryFile, defaultReporterNames, GENERATED_DIR, reportFiles } from '../../playwright/run-layout.js';
import {
  newRunId,
  redactedDeployment,
  runOptionsOf,
  startRunTarget,
  type RunTarget,
} from '../../playwright/prepare-run.js';
import { RUN_OPTIONS_VARIABLE } from '../../playwright/run-options.js';
import { removeSetupValues } from '../../playwright/setup-values.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../load-or-report.js';
import { processOutput, type Output } from '../output.js';
import { runOutput } from '../closed-pipes.js';
import { claimRunFiles, releaseRunFiles, removeAbandonedRunFiles } from '../abandoned-run-files.js';
import { removeStaleReports } from '../stale-reports.js';
import { configuredOutputDir } from '../configured-output-dir.js';
import { startTargetEarly } from '../../playwright/early-target.js';
import { prewarmPlaywright, runPlaywright } from '../playwright-process.js';
import { typescriptLoaderEnv } from '../playwright-typescript-loader.js';
import { cleanupBudgetOf, watchRunInterrupts } from '../run-interrupt.js';
import { preflight } from '../../playwright/preflight.js';
import { tenantPreflightBeforeRun } from './preflight.js';
import { checkGrepSelects, parseCompare, parseGrep, parseReporters, parseShard } from '../run-flags.js';
import { runGroupOf } from '../run-group.js';
import { readRunSummary, readSloBreaches, writtenSince } from '../run-summary-file.js';
import { applyQualityGates, confirmTargetDown, decideVerdict } from '../verdict.js';
import { startUpDone } from '../start-up-tiering.js';

export interface RunCommandOptions {
  dir: string;
  env?: string;
  tag: string[];
  tenant: string[];
  scenario: string[];
  driver: DriverName[];
  workers?: number;
  retries?: number;
  shard?: string;
  /** Playwright's `--repeat-each`: every selected test runs this many times (≥ 1). */
  repeatEach?: number;
  seed?: string;
  reporter?: string;
  baseUrl?: string;
  grep?: string;
  timeout?: string;
  outputDir?: string;
  /** A run that tests nothing (an empty shard, every scenario skipped) exits 0 instead of 2. */
  passWithNoTests?: boolean;
  /** A failed cleanup step fails its scenario. */
  strictCleanup?: boolean;
  /** An SLO breach in the business summary fails the run (exit 1). */
  failOnSlo?: boolean;
  /** A test that passed only after a retry fails the run (exit 1). */
  failOnFlaky?: boolean;
  /** The business summary (summary.json) to compare this run with. */
  compare?: string;
}

/**
 * `rehearse run`: validate → resolve the environment → start the embedded
 * target when needed → preflight → Playwright Test → exit code.
 */
export async function runCommand(options: RunCommandOptions, given: Output): Promise<number> {
  // A reader that closes early (`rehearse run | head -3`) stops the run's writing, never the run.
  const output = given === processOutput ? runOutput(given) : given;
  const root = resolve(options.dir);
  // Before anything can refuse the run (a flag, the project, nothing to run): a report in the
  // output folder is this run's or none — a CI step uploading junit.xml or a merge collecting
  // blobs after a refused run must not find an earlier run's green ones. Where the project's
  // config says, at a glance; again below once the config is validated.
  const glancedOutputDir = resolve(root, options.outputDir ?? configuredOutputDir(root) ?? 'reports');
  removeStaleReports(glancedOutputDir);
  // Mistakes in flags are found before anything is loaded or started: exit 2, never 1.
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.repeatEach === 0)
    throw new RehearseError('REHEARSE_INVALID_FLAG', 'Failed to read --repeat-each 0: a test must run at least once.', {
      hint: 'Give --repeat-each 1 or more.',
    });
  const chosenReporters =
    options.reporter === undefined
      ? defaultReporterNames(Boolean(process.env.CI))
      : parseReporters(options.reporter, root);
  // SLOs are judged from the business summary: --fail-on-slo writes one whatever reporters were named.
  const reporterNames =
    options.failOnSlo && !chosenReporters.includes('summary') ? [...chosenReporters, 'summary'] : chosenReporters;
  const previousSummary = options.compare === undefined ? undefined : parseCompare(options.compare, root);
  const grep = options.grep === undefined ? undefined : parseGrep(options.grep);
  const seed = options.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  // The embedded sandbox and partners start in other threads while this one validates the project.
  const early = await startTargetEarly(root, {
    seed,
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
  });
  try {
    const project = loadOrReport(root, options.env, output, {
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      tenants: options.tenant,
    });
    if (!project) return EXIT.invalid;

    const matrix = buildMatrix(project, {
      scenarios: options.scenario,
      tags: options.tag,
      tenants: options.tenant,
      drivers: options.driver,
    });
    const filter = { scenarios: options.scenario, tags: options.tag, tenants: options.tenant, drivers: options.driver };
    const left = driversLeftOut(project, filter);
    if (matrix.length === 0) {
      throw new RehearseError(
        'REHEARSE_NOTHING_TO_RUN',
        'Failed to start the run: the filters select no scenario × tenant combination.',
        {
          hint: left
            ? `${leftOutNote(left)} (\`rehearse list\` shows the matrix.)`
            : 'Run `rehearse list` with the same filters to see the matrix.',
        },
      );
    }
    if (left) output.err(leftOutNote(left));
    if (grep) checkGrepSelects(grep, options.grep!, matrix);
    const timeoutMs = options.timeout
      ? parseDuration(options.timeout)
      : project.config.timeouts?.scenario
        ? parseDuration(project.config.timeouts.scenario)
        : undefined;
    if (options.timeout && timeoutMs === undefined) {
      throw new RehearseError(
        'REHEARSE_INVALID_FLAG',
        `Failed to read --timeout "${options.timeout}": expected a duration such as 90s or 2m.`,
      );
    }
    const environment = resolveEnvironment({ config: project.config, name: options.env, baseUrl: options.baseUrl });
    const outputDir = resolve(root, options.outputDir ?? project.config.outputDir ?? 'reports');
    // From here on, a report in outputDir is this run's or none (a crash, a target down, a signal).
    if (outputDir !== glancedOutputDir) removeStaleReports(outputDir);
    // What runs killed outright left (their `finally` never ran); a concurrent live run's files stay.
    removeAbandonedRunFiles(root, GENERATED_DIR);

    let target: RunTarget | undefined;
    const cleanupBudgetMs = cleanupBudgetOf(project.config.timeouts);
    const interrupt = watchRunInterrupts({ output, cleanupBudgetMs });
    const started = Date.now();
    const runId = newRunId(started, randomBytes(3).toString('hex'));
    const snapshotFile = projectSnapshotFile(join(root, GENERATED_DIR), runId, process.pid);
    claimRunFiles(runId);
    // Playwright's runner loads its own modules while the target starts (see playwright-host.ts).
    const warm = prewarmPlaywright({ cwd: root, env: process.env, cleanupBudgetMs });
    try {
      target = await startRunTarget({
        project,
        environment,
        seed,
        baseUrlGiven: Boolean(options.baseUrl),
        ...(early ? { early } : {}),
        onStart: (what) => output.err(what),
      });
      const { baseUrl, probe } = target;
      const check = await preflight(probe);
      if (!check.ok) {
        output.err(
          `✗ Preflight failed: the target ${baseUrl} is not healthy.\n  ${check.reason}\n  No scenario ran: this is "staging down", not "release broken". Check the deployment and retry.`,
        );
        return EXIT.targetDown;
      }
      // Then each tenant (credentials, expiry, configuration) when the config has `preflight:`: exit 3 names it.
      const tenantNotReady = await tenantPreflightBeforeRun({
        project,
        environment,
        target,
        tenants: matrix.map((m) => m.tenant),
        seed,
        output,
      });
      if (tenantNotReady !== undefined) return tenantNotReady;
      // The version endpoint is the target's: a field named like a secret is masked before it reaches a report.
      const deployment = redactedDeployment(project, check.deployment);
      // How many tests run is Playwright's to say once it has loaded them (reporters/run-start-reporter.ts).
      output.err(
        `Target ${baseUrl}${deployment ? ` (version ${String(deployment.version ?? '?')}${deployment.commit ? `, commit ${String(deployment.commit)}` : ''})` : ''} is healthy. Seed ${seed}.`,
      );

      // The embedded sandbox serves the whole run from here: optimised as V8 does by default.
      startUpDone();
      const summaryFile = join(root, GENERATED_DIR, `run-summary-${runId}.json`);
      // Playwright's runner and workers run the project validated here instead of parsing it again.
      mkdirSync(join(root, GENERATED_DIR), { recursive: true });
      writeProjectSnapshot(project, snapshotFile);
      const runOptions = runOptionsOf({
        root,
        project,
        environment,
        baseUrl,
        runId,
        seed,
        startedAt: started,
        scenarios: [...new Set(matrix.map((m) => m.scenario.name))],
        tenants: options.tenant,
        drivers: options.driver,
        reporters: reporterNames,
        outputDir,
        summaryFile,
        ...(previousSummary ? { previousSummary } : {}),
        gates: { failOnSlo: options.failOnSlo ?? false, failOnFlaky: options.failOnFlaky ?? false },
        ...(options.strictCleanup !== undefined ? { strictCleanup: options.strictCleanup } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        deployment,
      });
      // Rehearse, not Playwright, decides what an empty run means (see decideVerdict).
      const args: string[] = ['--pass-with-no-tests'];
      if (options.grep) args.push('--grep', options.grep);
      if (shard) args.push('--shard', `${shard.current}/${shard.total}`);
      if (options.repeatEach !== undefined) args.push('--repeat-each', String(options.repeatEach));
      const configFile = playwrightConfigFile(root);
      const { code, interrupted } = await runPlaywright({
        warm,
        configFile,
        args,
        cwd: root,
        env: {
          ...process.env,
          ...typescriptLoaderEnv(configFile, OWN_CONFIG_FILE, reporterNames, process.env),
          ...(target.embedded?.secretEnv ?? {}),
          [RUN_OPTIONS_VARIABLE]: JSON.stringify({
            ...runOptions,
            projectSnapshot: snapshotFile,
            runGroup: runGroupOf({ matrix, environment: environment.name, grep, repeatEach: options.repeatEach }),
          }),
        },
        interrupt,
        cleanupBudgetMs,
      });
      const written = () => reportFiles(reporterNames, outputDir).filter((file) => writtenSince(file, started));
      if (interrupted) {
        readRunSummary(summaryFile);
        if (written().length) output.err(`Reports (partial, the run was interrupted): ${written().join('  ')}`);
        return interrupt.exitCode ?? EXIT.interrupted;
      }
      const runSummary = readRunSummary(summaryFile);
      const nothingSeen = !runSummary || runSummary.total === 0;
      let verdict = decideVerdict({
        summary: runSummary,
        playwrightCode: code,
        projectChanged: nothingSeen && currentProjectDigest(root) !== project.digest,
        ...(options.shard ? { shard: options.shard } : {}),
        passWithNoTests: options.passWithNoTests ?? false,
      });
      if (verdict.code === EXIT.targetDown) verdict = confirmTargetDown(verdict, (await preflight(probe)).ok);
      verdict = applyQualityGates(verdict, runSummary, {
        failOnSlo: options.failOnSlo ?? false,
        failOnFlaky: options.failOnFlaky ?? false,
        sloBreaches: reporterNames.includes('summary')
          ? readSloBreaches(businessSummaryFile(outputDir), started)
          : undefined,
      });
      if (verdict.message) output.err(verdict.message);
      if (written().length) output.err(`Reports: ${written().join('  ')}`);
      return verdict.code;
    } finally {
      warm.discard();
      removeSetupValues(root, runId);
      rmSync(snapshotFile, { force: true });
      releaseRunFiles(runId);
      await target?.embedded?.close();
      interrupt.dispose();
    }
  } finally {
    await early?.close();
  }
}

/** Rehearse's default Playwright config (JavaScript). */
const OWN_CONFIG_FILE = fileURLToPath(new URL('../../playwright/default.config.js', import.meta.url));

/** Playwright's names of a config file, in the order its CLI looks for them. */
const CONFIG_NAMES = ['ts', 'js', 'mts', 'mjs', 'cts', 'cjs'].map((extension) => `playwright.config.${extension}`);

/** The project's own playwright.config.* when it has one, else Rehearse's default. */
function playwrightConfigFile(root: string): string {
  for (const name of CONFIG_NAMES) {
    if (existsSync(join(root, name))) return join(root, name);
  }
  return OWN_CONFIG_FILE;
}
