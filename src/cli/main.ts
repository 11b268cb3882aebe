import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { RehearseError } from '../core/errors.js';
import { SUPPORTED_DRIVERS } from '../loader/matrix.js';
import type { DriverName } from '../schema/index.js';
import type { runCommand } from './commands/run.js';
import { registerDrillCommand } from './commands/drill.js';
import { registerEdiCommands } from './commands/edi.js';
import { registerPreflightCommand } from './commands/preflight.js';
import { registerReportCommands } from './commands/report.js';
import type { loadCommand } from './commands/load.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerServeCommands } from './commands/serve.js';
import { EXIT } from './exit-codes.js';
import { printError, processOutput, type Output } from './output.js';
import { collectList as collect } from './list-option.js';
import { delayOptimisationWhileStarting } from './start-up-tiering.js';
import { outliveClosedPipe } from './closed-pipes.js';
import { printUsageError } from './usage-error.js';

const positiveInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a whole number, got "${value}".`);
  return n;
};
/** `--driver api,ui`: repeatable, comma-separated; a name that is no driver is a usage error (exit 2). */
const driverOption = () =>
  new Option(
    '--driver <names>',
    'only these drivers: api, ui (default: defaultDrivers of rehearse.config.yaml, else every driver a scenario declares)',
  )
    .argParser((value, previous: string[] = []) => {
      const names = collect(value, previous);
      const unknown = names.find((name) => !(SUPPORTED_DRIVERS as readonly string[]).includes(name));
      if (unknown !== undefined)
        throw new InvalidArgumentError(`"${unknown}" is no driver; expected ${SUPPORTED_DRIVERS.join(' or ')}.`);
      return names;
    })
    .default([]);
const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** `rehearse load merge`'s flags as Commander hands them over. */
type MergeFlags = { output?: string; threshold: string[]; summaryDir?: string };

/**
 * Builds the `rehearse` program. Every action resolves an exit code; user
 * mistakes are printed as message + hint, never as a stack trace.
 */
export function buildProgram(
  output: Output = processOutput,
  setExitCode: (code: number) => void = (c) => (process.exitCode = c),
  argv: readonly string[] = process.argv,
): Command {
  const program = new Command('rehearse')
    .description('Synthetic business-transaction testing for distribution and manufacturing platforms.')
    .version('0.1.0')
    .option('-C, --dir <path>', 'project directory', '.')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => output.out(s),
      writeErr: (s) => output.err(s),
      outputError: (s) => printUsageError(output, s, argv, program),
    })
    .exitOverride();

  const wrap =
    <A extends unknown[]>(action: (...args: A) => number | Promise<number>) =>
    async (...args: A) => {
      try {
        setExitCode(await action(...args));
      } catch (error) {
        if (error instanceof RehearseError) {
          printError(output, error);
          setExitCode(EXIT.invalid);
          return;
        }
        throw error;
      }
    };
  const dir = () => program.opts<{ dir: string }>().dir;

  program
    .command('run')
    .description('run scenarios × tenant profiles through Playwright Test')
    .option('-e, --env <name>', 'environment from rehearse.config.yaml (default: defaultEnvironment, else sandbox)')
    .option('-t, --tag <tags>', 'only scenarios with one of these tags (repeat or comma-separate)', collect, [])
    .option('--tenant <names>', 'only these tenant profiles', collect, [])
    .option('-s, --scenario <names>', 'only these scenarios (by name)', collect, [])
    .addOption(driverOption())
    .option('-w, --workers <n>', 'parallel workers', positiveInt('--workers'))
    .option('-r, --retries <n>', 'retries per failed scenario', positiveInt('--retries'))
    .option('--shard <current/total>', 'run one shard of the matrix, e.g. 1/3')
    .option(
      '--repeat-each <n>',
      "run every test n times (Playwright's --repeat-each; run.repeatIndex tells the copies apart)",
      positiveInt('--repeat-each'),
    )
    .option('--seed <seed>', 'seed for fake data and fault injection (replays a run)')
    .option(
      '--reporter <names>',
      "comma-separated reporters: Playwright's, summary, or a module path (default: list,html,junit,summary; line instead of list on CI)",
    )
    .option('--fail-on-slo', "an SLO breach (a tenant profile's slos: p95 or successRate) fails the run: exit 1")
    .option('--fail-on-flaky', 'a test that passed only after a retry fails the run: exit 1')
    .option('--compare <summary.json>', "compare the business summary with this one (default: the last run's)")
    .option('--base-url <url>', 'test this URL instead of the environment’s (skips the embedded sandbox)')
    .option('-g, --grep <regexp>', 'only tests whose title or tags match (Playwright --grep)')
    .option('--timeout <duration>', 'timeout per scenario, e.g. 90s')
    .option('--output-dir <path>', 'where reports go (default: reports/)')
    .option('--pass-with-no-tests', 'exit 0 when nothing was tested (an empty shard, every scenario skipped)')
    .option('--strict-cleanup', 'a failed cleanup step fails its scenario (default: a warning)')
    .action(
      wrap((opts: Omit<Parameters<typeof runCommand>[0], 'dir'> & { driver: DriverName[] }) =>
        // Commands load their modules when they run, so `rehearse sandbox` does not pay for Playwright.
        import('./commands/run.js').then(({ runCommand }) => runCommand({ ...opts, dir: dir() }, output)),
      ),
    );

  program
    .command('validate')
    .description('check every scenario, action, fragment, tenant profile and the config; no browser, no network')
    .option('-e, --env <name>', 'environment whose exposed variables expressions may read')
    .addOption(format())
    .action(
      wrap((opts: { env?: string; format: 'text' | 'json' }) =>
        import('./commands/validate.js').then(({ validateCommand }) =>
          validateCommand({ ...opts, dir: dir() }, output),
        ),
      ),
    );

  program
    .command('list')
    .description('show the scenario × tenant matrix the filters select')
    .option('-e, --env <name>', 'environment')
    .option('-t, --tag <tags>', 'only scenarios with one of these tags', collect, [])
    .option('--tenant <names>', 'only these tenant profiles', collect, [])
    .option('-s, --scenario <names>', 'only these scenarios', collect, [])
    .addOption(driverOption())
    .addOption(format())
    .action(
      wrap(
        async (opts: {
          env?: string;
          tag: string[];
          tenant: string[];
          scenario: string[];
          driver: DriverName[];
          format: 'text' | 'json';
        }) => {
          const { listCommand } = await import('./commands/list.js');
          return listCommand(
            {
              dir: dir(),
              env: opts.env,
              tags: opts.tag,
              tenants: opts.tenant,
              scenarios: opts.scenario,
              drivers: opts.driver,
              format: opts.format,
            },
            output,
          );
        },
      ),
    );

  program
    .command('init')
    .description(
      'write a project that passes at once against the embedded sandbox: config, tenant profile, action, fragment, scenario, CI example',
    )
    .argument('[dir]', 'where to write it, created when missing (relative to -C; default: the -C directory)')
    .option('-f, --force', 'overwrite files of the template that exist (package.json never is)')
    .addHelpText(
      'after',
      [
        '',
        'Writes rehearse.config.yaml (environments sandbox and staging), playwright.config.mjs,',
        'tenant-profiles/standard.yaml, scenarios/actions/sales-orders.yaml, scenarios/fragments/enter-order.yaml,',
        'scenarios/order-is-allocated.scenario.yaml and .github/workflows/rehearse.yml; adds reports/, test-results/',
        'and .rehearse/ to .gitignore; writes package.json only when there is none (else prints the scripts to add).',
        'Refuses to overwrite an existing file (exit 2) unless --force.',
        '',
        'Example: rehearse init e2e && cd e2e && npx rehearse run',
      ].join('\n'),
    )
    .action(
      wrap((target: string | undefined, opts: { force?: boolean }) =>
        import('./commands/init.js').then(({ initCommand }) =>
          initCommand({ dir: resolve(dir(), target ?? '.'), force: opts.force ?? false }, output),
        ),
      ),
    );

  program
    .command('doctor')
    .description('say what this machine and project give a run: Node, the browser, the project, unset secrets')
    .option('-e, --env <name>', 'environment whose secret references are checked (default: defaultEnvironment)')
    .addOption(format())
    .action(
      wrap((opts: { env?: string; format: 'text' | 'json' }) =>
        import('./commands/doctor.js').then(({ doctorCommand }) => doctorCommand({ ...opts, dir: dir() }, output)),
      ),
    );

  registerEdiCommands(program, output, setExitCode);
  registerSandboxCommand(program, output, wrap, dir);
  registerServeCommands(program, output, wrap, dir);
  registerReportCommands(program, output, wrap, dir);
  registerDrillCommand(program, output, wrap, dir);
  registerPreflightCommand(program, output, wrap, dir);

  const load = program
    .command('load')
    .description('apply load: one scenario × tenant through the API driver at a rate or with virtual users')
    .argument('<scenario>', 'the scenario to repeat (by name)')
    .option('-e, --env <name>', 'environment from rehearse.config.yaml (default: defaultEnvironment, else sandbox)')
    .option('--tenant <name>', "the tenant profile to load as (default: the scenario's first)")
    .option('--rate <n/s>', 'open model: iterations arriving per second, e.g. 20/s (k6 constant-arrival-rate)')
    .option('--vus <n>', 'closed model: virtual users running iterations back to back (k6 constant-vus)')
    .option('--duration <duration>', 'how long --rate or --vus is held (default 30s)')
    .option('--ramp-up <duration>', 'reach --rate/--vus linearly from 0 over this long first')
    .option('--ramp-down <duration>', 'go linearly down to 0 over this long at the end')
    .option(
      '--stage <duration:target>',
      'a stage of a custom profile, repeated: 30s:20/s (rate) or 1m:10 (VUs)',
      collect,
      [],
    )
    .option(
      '--threshold <threshold>',
      'p95<800ms, error_rate<1%, order.create:p99<2s (repeat); sets the exit code',
      collect,
      [],
    )
    .option('--segment <i/n>', 'run the i-th of n shares of the load (merge them with rehearse load merge)')
    .option('--max-in-flight <n>', 'open model: iterations running at once at most (default 100)')
    .option('--graceful-stop <duration>', 'how long iterations still running at the end may finish (default 10s)')
    .option('--seed <seed>', 'seed for fake data and fault injection')
    .option('--base-url <url>', 'load this URL instead of the environment’s (skips the embedded sandbox)')
    .option('--output-dir <path>', 'where results go (default: reports/; the file is load/segment-<i>-of-<n>.json)')
    .option('--keep-samples', 'also write every iteration latency (to check a merge against the raw samples)')
    .option('--fail-on-slo', "the tenant profile's slos: are thresholds too (without it: reported as warnings)")
    .option('--neighbour <tenant>', "noisy-neighbour rehearsal: run this tenant's smoke scenarios beside the load")
    .option('--neighbour-tag <tag>', "the tag that picks the neighbour's scenarios (default smoke)")
    .option('--baseline <duration>', "how long the neighbour's baseline is measured first (default 10s)")
    .option(
      '--max-shift <shift>',
      'how far the neighbour may move: p95<50%, error_rate<1% (repeat); sets the exit code',
      collect,
      [],
    )
    .option('--allow-production', 'load an environment marked production: true (refused otherwise)')
    .option(
      '--summary-dir <path>',
      "the business summary the load's figures are merged into (default: <outputDir>/summary, where rehearse run writes it)",
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 every threshold held; 1 a threshold did not; 2 bad flags or files, or no iteration',
        'ended; 3 the target failed its preflight; 130/143 interrupted (the results so far are written).',
        '',
        'Examples: rehearse load order-flow --rate 20/s --duration 1m --ramp-up 10s --threshold "p95<800ms"',
        '          rehearse load order-flow --vus 10 --duration 2m --threshold "error_rate<1%"',
        '          rehearse load order-flow --stage 30s:10/s --stage 1m:40/s --stage 30s:0/s',
        '          rehearse load order-flow --tenant high-volume --rate 30/s --neighbour standard --max-shift "p95<50%"',
      ].join('\n'),
    )
    .action(
      wrap((scenario: string, opts: Omit<Parameters<typeof loadCommand>[0], 'dir' | 'scenario'>) =>
        import('./commands/load.js').then(({ loadCommand }) => loadCommand({ ...opts, scenario, dir: dir() }, output)),
      ),
    );
  load
    .command('merge')
    .description('merge the results of rehearse load --segment i/n runs: histograms added, thresholds judged')
    .argument('[paths...]', 'segment results files, or folders holding segment-*.json (default: reports/load)')
    .option('-o, --output <file>', 'the merged results (default: merged.json beside the segments)')
    .option('--threshold <threshold>', 'thresholds besides those the segments recorded (repeat)', collect, [])
    .option('--summary-dir <path>', "also merge the merged load's figures into the business summary in this folder")
    .action(
      wrap((paths: string[], opts: MergeFlags, command: Command) => {
        // `load` has options of the same names (--threshold, --summary-dir), and Commander gives a
        // parent's options to the parent wherever they stand: what was written after `merge` is
        // merge's, whichever of the two Commander filed it under.
        const parent = (command.parent?.opts() ?? {}) as Partial<MergeFlags>;
        const summaryDir = opts.summaryDir ?? parent.summaryDir;
        const flags: MergeFlags = {
          ...opts,
          threshold: [...opts.threshold, ...(parent.threshold ?? [])],
          ...(summaryDir !== undefined ? { summaryDir } : {}),
        };
        return import('./commands/load-merge.js').then(({ loadMergeCommand }) =>
          loadMergeCommand({ ...flags, paths, dir: dir() }, output),
        );
      }),
    );

  return program;
}

/** Entry point of the `rehearse` binary. */
export async function main(argv: string[] = process.argv): Promise<void> {
  // A command's CPU goes to loading modules and validating files once; V8's optimising of that
  // code in background threads cost a validate a quarter of its CPU (start-up-tiering.ts).
  delayOptimisationWhileStarting();
  // A reader that stops early (`rehearse validate | head`) closes the pipe: that is not an error of
  // ours. The command stops writing there and goes on to its own exit code, as `git log | head`
  // does: ending at once with the code set so far made a refused project exit 0 under `pipefail`.
  outliveClosedPipe(process.stdout);
  outliveClosedPipe(process.stderr);
  const program = buildProgram(processOutput, (c) => (process.exitCode = c), argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      const exitCode = (error as { exitCode?: number }).exitCode ?? 0;
      process.exitCode =
        code === 'commander.helpDisplayed' || code === 'commander.version' || exitCode === 0 ? 0 : EXIT.invalid;
      return;
    }
    throw error;
  }
}
