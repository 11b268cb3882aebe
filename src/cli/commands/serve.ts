import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseHostPattern } from '../../core/egress.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../load-or-report.js';
import type { Output } from '../output.js';

type Wrap = <A extends unknown[]>(action: (...args: A) => number | Promise<number>) => (...args: A) => Promise<void>;

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`takes a port 0-65535, got "${value}".`);
  return n;
};

/** `--allow-host a,b --allow-host c`: allowedHosts entries, each checked. */
const allowHost = (value: string, all: string[] | undefined) => {
  const entries = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const entry of entries)
    if (!parseHostPattern(entry))
      throw new InvalidArgumentError(`takes host, host:port or *.domain entries, got "${entry}".`);
  return [...(all ?? []), ...entries];
};

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's SIGTERM). */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

/**
 * `rehearse sandbox` and `rehearse virtual serve`: the long-running servers,
 * for exploring the sandbox by hand and for staging targets that call the
 * virtual partners by URL.
 */
export function registerServeCommands(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  program
    .command('sandbox')
    .description('start the sandbox ERP with its virtual partners and one tenant per tenant profile')
    .option('-p, --port <port>', 'sandbox port', port, 4000)
    .option('--virtual-port <port>', 'virtual services port', port, 4010)
    .option('--data-dir <path>', 'keep the data here between restarts (default: in memory)')
    .option('--defects <names>', 'switch on defects, comma-separated (see sandbox/README.md)')
    .option('--seed <seed>', 'seed of partner faults and generated data', 'rehearse')
    .action(
      wrap(async (opts: { port: number; virtualPort: number; dataDir?: string; defects?: string; seed: string }) => {
        const project = loadOrReport(resolve(dir()), undefined, output);
        if (!project) return EXIT.invalid;
        // Loaded when the command runs: every other command (validate, run) would pay for the sandbox and msw.
        const { startEmbeddedTarget } = await import('../../playwright/embedded-target.js');
        const target = await startEmbeddedTarget({
          project,
          seed: opts.seed,
          port: opts.port,
          virtualPort: opts.virtualPort,
          ...(opts.dataDir ? { dataDir: resolve(opts.dataDir) } : {}),
          ...(opts.defects ? { defects: opts.defects.split(',').map((d) => d.trim()) } : {}),
        });
        output.out(
          `Sandbox ERP on ${target.baseUrl}  (API ${target.baseUrl}/api/v1, OpenAPI ${target.baseUrl}/openapi.json)`,
        );
        output.out(`Virtual partners on ${target.virtualUrl}  (admin ${target.virtualUrl}/__admin)`);
        if (opts.defects) output.out(`Defects switched on: ${opts.defects}`);
        output.out('Log in to the UI with (generated for this start, local only):');
        for (const login of target.logins)
          output.out(
            `  tenant ${login.tenantId.padEnd(18)} ${login.username.padEnd(12)} ${login.password}  (${login.role})`,
          );
        output.out('Press Ctrl-C to stop.');
        await untilStopped();
        await target.close();
        return EXIT.passed;
      }),
    );

  const virtual = program.command('virtual').description('virtual partner services');
  virtual
    .command('serve')
    .description('serve every partner on one port, a path prefix per partner, with the admin API at /__admin')
    .option('-p, --port <port>', 'port', port, 4010)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--seed <seed>',
      'seed of the faults of traffic no run registered (a run’s --seed wins for its own)',
      'rehearse',
    )
    .option(
      '--profile <partner=profile>',
      'start-up fault profile, repeatable',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option(
      '--allow-host <hosts>',
      'hosts partners may deliver to on a tenant’s behalf (the EDI VAN push), repeatable or comma-separated; default: the hosts each run allows',
      allowHost,
    )
    .action(
      wrap(async (opts: { port: number; host: string; seed: string; profile: string[]; allowHost?: string[] }) => {
        const profiles = Object.fromEntries(opts.profile.map((p) => p.split('=', 2) as [string, string]));
        const [{ virtualServeCommand }, { virtualServicesDir }] = await Promise.all([
          import('../../virtual/index.js'),
          import('../../playwright/embedded-target.js'),
        ]);
        const handle = await virtualServeCommand({
          dir: virtualServicesDir(resolve(dir())),
          port: opts.port,
          host: opts.host,
          seed: opts.seed,
          profiles,
          ...(opts.allowHost ? { allowedHosts: opts.allowHost } : {}),
          log: (line) => output.out(line),
        });
        await untilStopped();
        await handle.close();
        return EXIT.passed;
      }),
    );
}
