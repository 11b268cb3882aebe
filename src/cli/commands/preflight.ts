import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { suggestionHint } from '../../core/did-you-mean.js';
import { RehearseError } from '../../core/errors.js';
import type { ResolvedEnvironment } from '../../environment/resolve-environment.js';
import type { Project } from '../../loader/project.js';
import type { RunTarget } from '../../playwright/prepare-run.js';
import { EXIT } from '../exit-codes.js';
import { collectList } from '../list-option.js';
import type { Output } from '../output.js';
import type { Wrap } from './serve.js';

export interface PreflightCommandOptions {
  dir: string;
  env?: string;
  /** Only these tenant profiles (default: every one). */
  tenant: string[];
  baseUrl?: string;
  format: 'text' | 'json';
}

/**
 * Registers `rehearse preflight [--env] [--tenant] [--base-url] [--format]`.
 *
 * @example
 * registerPreflightCommand(program, output, wrap, dir);
 */
export function registerPreflightCommand(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  program
    .command('preflight')
    .description(
      'check every tenant before any scenario: credentials work, tokens and certificates not about to expire, configuration and flags as its profile expects',
    )
    .option('-e, --env <name>', 'environment from rehearse.config.yaml (default: defaultEnvironment, else sandbox)')
    .option('--tenant <names>', 'only these tenant profiles (repeat or comma-separate)', collectList, [])
    .option('--base-url <url>', 'check this URL instead of the environment’s (skips the embedded sandbox)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 every tenant passed; 2 invalid files or configuration; 3 the target or a tenant',
        'failed a check (each failure names the tenant and the check: credentials, token expiry,',
        'certificate, configuration). `rehearse run` runs the same checks first when rehearse.config.yaml',
        'has a preflight: section (expiryMargin, tenantPath, readPath, hosts).',
      ].join('\n'),
    )
    .action(wrap((opts: Omit<PreflightCommandOptions, 'dir'>) => preflightCommand({ ...opts, dir: dir() }, output)));
}

/**
 * `rehearse preflight`: load and validate (exit 2) → start the embedded target when the
 * environment has one → the target's preflight (health, version, heartbeat) → every selected
 * tenant's checks (exit 3 naming the tenant and the check, 0 when all passed).
 */
export async function preflightCommand(options: PreflightCommandOptions, output: Output): Promise<number> {
  // Loaded when the command runs: the CLI's start pays for no loader, sandbox or HTTP client.
  const [{ loadOrReport }, { resolveEnvironment }, { preflight }, { startRunTarget }] = await Promise.all([
    import('../load-or-report.js'),
    import('../../environment/resolve-environment.js'),
    import('../../playwright/preflight.js'),
    import('../../playwright/prepare-run.js'),
  ]);
  const root = resolve(options.dir);
  const project = loadOrReport(root, options.env, output, {
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    tenants: options.tenant,
  });
  if (!project) return EXIT.invalid;
  const tenants = selectedTenants(project, options.tenant);
  const environment = resolveEnvironment({ config: project.config, name: options.env, baseUrl: options.baseUrl });
  const target = await startRunTarget({
    project,
    environment,
    seed: String(Math.floor(Math.random() * 2 ** 31)),
    baseUrlGiven: Boolean(options.baseUrl),
    onStart: (what) => output.err(what),
  });
  try {
    const check = await preflight(target.probe);
    // The report is this command's output (stdout, as `--format json` is); stderr keeps the
    // command's own errors and progress, so `rehearse preflight > preflight.txt` holds the findings.
    if (!check.ok) {
      output.out(`✗ Preflight failed: the target ${target.baseUrl} is not healthy.\n  ${check.reason}`);
      return EXIT.targetDown;
    }
    return (
      (await tenantPreflightStage({
        project,
        environment,
        target,
        tenants,
        output,
        report: (text) => output.out(text),
        format: options.format,
        uncheckedFail: true,
      })) ?? EXIT.passed
    );
  } finally {
    await target.embedded?.close();
  }
}

/**
 * `rehearse run`'s tenant stage, after the target's preflight and before Playwright starts: runs
 * the tenant preflight for the tenants the run selected when rehearse.config.yaml has a
 * `preflight:` section. Returns `EXIT.targetDown` (3) when a tenant failed a check (each failure
 * printed, naming the tenant and the check), undefined when the run may go on.
 */
export async function tenantPreflightBeforeRun(input: {
  project: Project;
  environment: ResolvedEnvironment;
  target: RunTarget;
  tenants: readonly string[];
  seed: string;
  output: Output;
}): Promise<number | undefined> {
  if (!input.project.config.preflight) return undefined;
  // Within a run the lines join the run's own progress on stderr; stdout is the reporters'.
  return tenantPreflightStage({
    ...input,
    tenants: [...new Set(input.tenants)],
    format: 'text',
    report: (text) => input.output.err(text),
  });
}

async function tenantPreflightStage(input: {
  project: Project;
  environment: ResolvedEnvironment;
  target: RunTarget;
  tenants: readonly string[];
  seed?: string;
  output: Output;
  /** Where the report's lines go: stdout for `rehearse preflight`, stderr within `rehearse run`. */
  report: (text: string) => void;
  format: 'text' | 'json';
  /**
   * `rehearse preflight`: a tenant no check could run for fails the command (exit 2). A run goes
   * on: its scenarios are the test, and the line says the tenant was not checked.
   */
  uncheckedFail?: boolean;
}): Promise<number | undefined> {
  const { output } = input;
  const [{ preflightTenants }, { formatPreflightReport, uncheckedTenants }] = await Promise.all([
    import('../../preflight/preflight-tenants.js'),
    import('../../preflight/format-report.js'),
  ]);
  const report = await preflightTenants({
    project: input.project,
    environment: input.environment,
    baseUrl: input.target.baseUrl,
    tenants: input.tenants,
    ...(input.target.embedded ? { secretEnv: input.target.embedded.secretEnv } : {}),
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
  });
  if (input.format === 'json') output.out(`${JSON.stringify(report, null, 2)}\n`);
  else input.report(formatPreflightReport(report).join('\n'));
  // With --format json stdout is the JSON alone, for a parser; the verdict's lines go to stderr.
  const verdict = input.format === 'json' ? (text: string) => output.err(text) : input.report;
  if (report.ok) {
    const unchecked = input.uncheckedFail ? uncheckedTenants(report) : [];
    if (unchecked.length === 0) return undefined;
    verdict(
      `✗ Nothing was checked for ${unchecked.join(', ')} (REHEARSE_PREFLIGHT_NOTHING_CHECKED): a preflight that checked nothing is not a pass.\n` +
        `  hint: give the tenant credentials in environment "${input.environment.name}" (environments.${input.environment.name}.tenants.<name>.auth, or the profile's auth:) or an expects: to compare; with --base-url the embedded sandbox's generated credentials are not known. Leave a tenant out with --tenant.`,
    );
    return EXIT.invalid;
  }
  const failing = report.tenants.filter((t) => t.checks.some((c) => c.status === 'failed')).map((t) => t.tenant);
  verdict(
    `✗ Tenant preflight failed for ${failing.join(', ')}. No scenario ran: this is "tenant not ready", not "release broken".`,
  );
  return EXIT.targetDown;
}

function selectedTenants(project: Project, wanted: readonly string[]): string[] {
  const names = [...project.tenants.keys()].sort();
  for (const name of wanted)
    if (!project.tenants.has(name))
      throw new RehearseError(
        'REHEARSE_UNKNOWN_TENANT',
        `Failed to select tenant "${name}": no tenant profile has that name.`,
        {
          hint: suggestionHint(name, names, 'tenant profile'),
        },
      );
  return wanted.length ? [...new Set(wanted)] : names;
}
