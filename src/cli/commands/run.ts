import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '../../core/duration.js';
import { RehearseError } from '../../core/errors.js';
import { isHostAllowed } from '../../core/egress.js';
import { resolveEnvironment } from '../../environment/resolve-environment.js';
import { buildMatrix } from '../../loader/matrix.js';
import type { DriverName } from '../../schema/index.js';
import { GENERATED_DIR, reportFiles } from '../../playwright/run-layout.js';
import { RUN_OPTIONS_VARIABLE, type RunOptions } from '../../playwright/run-options.js';
import type { EmbeddedTarget } from '../embedded-target.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../load-or-report.js';
import type { Output } from '../output.js';
import { runPlaywright } from '../playwright-process.js';
import { cleanupBudgetOf, watchRunInterrupts } from '../run-interrupt.js';
import { preflight } from '../preflight.js';
import { checkGrepSelects, parseGrep, parseReporters, parseShard } from '../run-flags.js';
import { readRunSummary, writtenSince } from '../run-summary-file.js';
import { confirmTargetDown, decideVerdict } from '../verdict.js';

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
}

/**
 * `rehearse run`: validate → resolve the environment → start the embedded
 * target when needed → preflight → Playwright Test → exit code.
 */
export async function runCommand(options: RunCommandOptions, output: Output): Promise<number> {
  const root = resolve(options.dir);
  // Mistakes in flags are found before anything is loaded or started: exit 2, never 1.
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const reporterNames = options.reporter === undefined ? defaultReporters() : parseReporters(options.reporter, root);
  const grep = options.grep === undefined ? undefined : parseGrep(options.grep);
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
  if (matrix.length === 0) {
    throw new RehearseError(
      'REHEARSE_NOTHING_TO_RUN',
      'Failed to start the run: the filters select no scenario × tenant combination.',
      {
        hint: 'Run `rehearse list` with the same filters to see the matrix.',
      },
    );
  }
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

  let target: EmbeddedTarget | undefined;
  const cleanupBudgetMs = cleanupBudgetOf(project.config.timeouts);
  const interrupt = watchRunInterrupts({ output, cleanupBudgetMs });
  const started = Date.now();
  const seed = options.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  try {
    if (environment.embedded && !options.baseUrl) {
      output.err(`Starting the embedded ${environment.embedded}…`);
      // Loaded only when needed: a run against a URL does not pay for the sandbox and msw.
      const { startEmbeddedTarget } = await import('../embedded-target.js');
      target = await startEmbeddedTarget({ project, seed });
      environment.baseUrl = target.baseUrl;
      environment.uiUrl ??= target.baseUrl;
      environment.virtualUrl = target.virtualUrl;
      Object.assign(environment.tenantAuth, target.tenantAuth);
      Object.assign(environment.tenantIds, target.tenantIds);
    }
    const baseUrl = environment.baseUrl;
    if (!baseUrl) {
      throw new RehearseError(
        'REHEARSE_NO_BASE_URL',
        `Failed to start the run: environment "${environment.name}" has no base URL.`,
        {
          hint: 'Set baseUrl in rehearse.config.yaml or pass --base-url.',
        },
      );
    }
    if (!isHostAllowed(baseUrl, environment.allowedHosts)) {
      throw new RehearseError(
        'REHEARSE_HOST_NOT_ALLOWED',
        `Failed to start the run: ${new URL(baseUrl).host} is not in the allowedHosts of environment "${environment.name}".`,
        {
          hint: `Add it to environments.${environment.name}.allowedHosts in rehearse.config.yaml if it is really the target.`,
        },
      );
    }

    const probe = {
      baseUrl,
      healthPath: environment.healthPath,
      versionPath: environment.versionPath,
      allowedHosts: environment.allowedHosts,
    };
    const check = await preflight(probe);
    if (!check.ok) {
      output.err(
        `✗ Preflight failed: the target ${baseUrl} is not healthy.\n  ${check.reason}\n  No scenario ran: this is "staging down", not "release broken". Check the deployment and retry.`,
      );
      return EXIT.targetDown;
    }
    const deployment = check.deployment;
    output.err(
      `Target ${baseUrl}${deployment ? ` (version ${String(deployment.version ?? '?')}${deployment.commit ? `, commit ${String(deployment.commit)}` : ''})` : ''} is healthy. Running ${matrix.length} test(s) with seed ${seed}.`,
    );

    const outputDir = resolve(root, options.outputDir ?? project.config.outputDir ?? 'reports');
    const runId = `${new Date(started).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
    const summaryFile = join(root, GENERATED_DIR, `run-summary-${runId}.json`);
    const runOptions: RunOptions = {
      root,
      projectDigest: project.digest,
      runId,
      seed,
      startedAt: new Date(started).toISOString(),
      environment: environment.name,
      baseUrl,
      uiUrl: environment.uiUrl,
      virtualUrl: environment.virtualUrl,
      allowedHosts: environment.allowedHosts,
      production: environment.production,
      exposedEnv: environment.exposed,
      tenantAuth: environment.tenantAuth,
      tenantIds: environment.tenantIds,
      scenarios: [...new Set(matrix.map((m) => m.scenario.name))],
      tenants: options.tenant,
      drivers: options.driver,
      reporters: reporterNames,
      outputDir,
      summaryFile,
      strictCleanup: options.strictCleanup ?? project.config.strictCleanup ?? false,
      workers: options.workers ?? project.config.workers,
      retries: options.retries ?? project.config.retries?.scenario,
      timeoutMs,
      cleanupTimeoutMs: cleanupBudgetMs,
      requestTimeoutMs: parseDuration(project.config.timeouts?.step ?? '30s') ?? 30_000,
      driverTimeouts: driverTimeouts(project.config.timeouts),
      networkRetries: project.config.retries?.network ?? 2,
      redact: { fields: project.config.redact?.fields ?? [], headers: project.config.redact?.headers ?? [] },
      deployment,
    };
    // Rehearse, not Playwright, decides what an empty run means (see decideVerdict).
    const args: string[] = ['--pass-with-no-tests'];
    if (options.grep) args.push('--grep', options.grep);
    if (shard) args.push('--shard', `${shard.current}/${shard.total}`);
    const { code, interrupted } = await runPlaywright({
      configFile: playwrightConfigFile(root),
      args,
      cwd: root,
      env: { ...process.env, ...(target?.secretEnv ?? {}), [RUN_OPTIONS_VARIABLE]: JSON.stringify(runOptions) },
      interrupt,
      cleanupBudgetMs,
    });
    const written = () => reportFiles(reporterNames, outputDir).filter((file) => writtenSince(file, started));
    if (interrupted) {
      readRunSummary(summaryFile);
      if (written().length) output.err(`Reports (partial, the run was interrupted): ${written().join('  ')}`);
      return interrupt.exitCode ?? EXIT.interrupted;
    }
    let verdict = decideVerdict({
      summary: readRunSummary(summaryFile),
      playwrightCode: code,
      ...(options.shard ? { shard: options.shard } : {}),
      passWithNoTests: options.passWithNoTests ?? false,
    });
    if (verdict.code === EXIT.targetDown) verdict = confirmTargetDown(verdict, (await preflight(probe)).ok);
    if (verdict.message) output.err(verdict.message);
    if (written().length) output.err(`Reports: ${written().join('  ')}`);
    return verdict.code;
  } finally {
    await target?.close();
    interrupt.dispose();
  }
}

function defaultReporters(): string[] {
  return [process.env.CI ? 'line' : 'list', 'html', 'junit'];
}

/** The project's own playwright.config.ts when it has one, else Rehearse's default. */
function playwrightConfigFile(root: string): string {
  for (const name of ['playwright.config.ts', 'playwright.config.js', 'playwright.config.mjs']) {
    if (existsSync(join(root, name))) return join(root, name);
  }
  return fileURLToPath(new URL('../../playwright/default.config.js', import.meta.url));
}

function driverTimeouts(timeouts: { connect?: string; headers?: string; body?: string } | undefined) {
  const ms = (value: string | undefined) => (value === undefined ? undefined : parseDuration(value));
  const result = { connectMs: ms(timeouts?.connect), headersMs: ms(timeouts?.headers), bodyMs: ms(timeouts?.body) };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as {
    connectMs?: number;
    headersMs?: number;
    bodyMs?: number;
  };
}
