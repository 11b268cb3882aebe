// Playwright's runner, started before the run is ready (see `prewarmPlaywright` in
// playwright-process.ts): `node --import <watchdog> playwright-host.js <@playwright/test/cli.js>`.
//
// Loading Playwright Test's own modules takes a runner 1.5–2 s of CPU (its bundles are compiled
// on every start; Node 20 has no compile cache). `rehearse run` spends about as long starting the
// embedded sandbox and checking the target, so it starts this host first: the host loads
// Playwright while the CLI works, then waits for one message — the arguments, the environment and
// the folder of the run — and becomes `playwright test` exactly as its cli.js would start it.
// Nothing here reads the run: what Playwright reads from the environment it reads after the
// message (the config, the run options, the workers' environment).
import { createRequire } from 'node:module';

/** The message that starts the run: what `node <cli.js> <args>` would have had. */
export interface HostStart {
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

interface PlaywrightProgram {
  parse(argv: string[]): unknown;
}

const cli = process.argv[2];
if (!cli || !process.send) {
  process.stderr.write('rehearse: playwright-host runs under `rehearse run` only.\n');
  process.exit(2);
}

// The same module cli.js loads (`playwright/lib/program`, resolved from @playwright/test).
const { program } = createRequire(cli)('playwright/lib/program') as { program: PlaywrightProgram };

// A CLI that ends without starting the run (target down, a signal, a crash) closes the channel.
const leave = () => process.exit(0);
process.on('disconnect', leave);
process.once('message', (start: HostStart) => {
  process.off('disconnect', leave);
  for (const key of Object.keys(process.env)) if (!(key in start.env)) delete process.env[key];
  Object.assign(process.env, start.env);
  process.chdir(start.cwd);
  process.argv = [process.execPath, cli, ...start.args];
  // Playwright's runner must not look like a child with a channel (its workers are the ones that do).
  process.disconnect();
  program.parse(process.argv);
});
process.send({ ready: true });
