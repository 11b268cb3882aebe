import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { port, untilStopped, type Wrap } from './serve.js';

interface SandboxOptions {
  port: number;
  virtualPort: number;
  dataDir?: string;
  defects?: string;
  seed: string;
}

/**
 * `rehearse sandbox`: the sandbox ERP, its virtual partners and one tenant per tenant profile,
 * as a long-running server for exploring the sandbox by hand.
 */
export function registerSandboxCommand(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  program
    .command('sandbox')
    .description('start the sandbox ERP with its virtual partners and one tenant per tenant profile')
    .option('-p, --port <port>', 'sandbox port', port, 4000)
    .option('--virtual-port <port>', 'virtual services port', port, 4010)
    .option('--data-dir <path>', 'keep the data here between restarts (default: in memory)')
    .option('--defects <names>', 'switch on defects, comma-separated (see sandbox/README.md)')
    .option('--seed <seed>', 'seed of partner faults and generated data', 'rehearse')
    .action(wrap((opts: SandboxOptions) => sandboxCommand(opts, resolve(dir()), output)));
}

async function sandboxCommand(opts: SandboxOptions, root: string, output: Output): Promise<number> {
  const adminToken = randomBytes(24).toString('hex');
  // The sandbox opens first, in a thread of its own, while this thread loads the project and
  // starts the virtual partners — most of a start's time, and synchronous work that would keep
  // its requests waiting. Its jobs wait for the partners' URLs; it is healthy once provisioned.
  // Modules are loaded when the command runs: every other command would pay for them.
  const { startSandboxThread } = await import('../../../sandbox/thread/sandbox-thread.js');
  const opening = startSandboxThread({
    adminToken,
    seed: opts.seed,
    port: opts.port,
    ...(opts.dataDir ? { dataDir: resolve(opts.dataDir) } : {}),
    ...(opts.defects ? { defects: opts.defects.split(',').map((d) => d.trim()) } : {}),
  });
  // Its failure (the port is taken) is reported where it was before: after the project's problems.
  opening.catch(() => undefined);
  const { loadOrReport } = await import('../load-or-report.js');
  const project = loadOrReport(root, undefined, output);
  if (!project) {
    await opening.then((sandbox) => sandbox.close()).catch(() => undefined);
    return EXIT.invalid;
  }
  const { startEmbeddedTarget } = await import('../../playwright/embedded-target.js');
  const target = await startEmbeddedTarget({
    project,
    seed: opts.seed,
    virtualPort: opts.virtualPort,
    sandbox: { opening, adminToken },
  });
  output.out(
    `Sandbox ERP on ${target.baseUrl}  (API ${target.baseUrl}/api/v1, OpenAPI ${target.baseUrl}/openapi.json)`,
  );
  output.out(`Virtual partners on ${target.virtualUrl}  (admin ${target.virtualUrl}/__admin)`);
  if (opts.defects) output.out(`Defects switched on: ${opts.defects}`);
  output.out('Log in to the UI with (generated for this start, local only):');
  for (const login of target.logins)
    output.out(`  tenant ${login.tenantId.padEnd(18)} ${login.username.padEnd(12)} ${login.password}  (${login.role})`);
  output.out('Press Ctrl-C to stop.');
  await untilStopped();
  await target.close();
  return EXIT.passed;
}
