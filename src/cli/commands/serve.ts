import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseHostPattern } from '../../core/egress.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { startUpDone } from '../start-up-tiering.js';

export type Wrap = <A extends unknown[]>(
  action: (...args: A) => number | Promise<number>,
) => (...args: A) => Promise<void>;

/** A `--port` value: a whole number 0-65535. */
export const port = (value: string) => {
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
export function untilStopped(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

/**
 * `rehearse virtual serve`: the virtual partners as a long-running server, for staging targets
 * that call them by URL (`rehearse sandbox` is in sandbox.ts).
 */
export function registerServeCommands(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
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
        // A server from here on: optimised as V8 does by default.
        startUpDone();
        await untilStopped();
        await handle.close();
        return EXIT.passed;
      }),
    );
}
