import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { RehearseError } from '../../core/errors.js';
import { stringifyJson } from '../../core/stringify-json.js';
import { EXIT } from '../exit-codes.js';
import { printError, type Output } from '../output.js';
import { startUpDone } from '../start-up-tiering.js';
import { port, untilStopped, type Wrap } from './serve.js';

interface SandboxOptions {
  port: number;
  virtualPort: number;
  dataDir?: string;
  defects?: string;
  seed: string;
  adminToken?: string;
}

/** Options of `rehearse sandbox op`; durations are parsed to ms. */
interface OpOptions {
  url?: string;
  adminToken?: string;
  blueGreen?: boolean;
  downtime?: number;
  lock?: number;
  lockWait?: number;
  tables?: string;
  timeout: number;
}

/** A `--downtime 2s` value: a duration (ms, s, m, h) in milliseconds. */
const duration = (value: string) => {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`takes a duration such as 1500ms, 2s or 1m, got "${value}".`);
  return ms;
};

/**
 * `rehearse sandbox`: the sandbox ERP, its virtual partners and one tenant per tenant profile,
 * as a long-running server for exploring the sandbox by hand.
 */
export function registerSandboxCommand(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  const sandbox = program
    .command('sandbox')
    .description('start the sandbox ERP with its virtual partners and one tenant per tenant profile')
    .option('-p, --port <port>', 'sandbox port', port, 4000)
    .option('--virtual-port <port>', 'virtual services port', port, 4010)
    .option('--data-dir <path>', 'keep the data here between restarts (default: in memory)')
    .option('--defects <names>', 'switch on defects, comma-separated (see sandbox/README.md)')
    .option('--seed <seed>', 'seed of partner faults and generated data', 'rehearse')
    .option(
      '--admin-token <token>',
      'admin API token (default: REHEARSE_SANDBOX_ADMIN_TOKEN, else generated for this start)',
    )
    .action(wrap((opts: SandboxOptions) => sandboxCommand(opts, resolve(dir()), output)));

  sandbox
    .command('op')
    .description(
      'call a recovery operation on a running sandbox: snapshot, snapshots, restore [id], release <version>, rollback, releases, migrate <name>, migrations, worker stop|start|status',
    )
    .argument(
      '<operation>',
      'snapshot | snapshots | restore | release | rollback | releases | migrate | migrations | worker',
    )
    .argument(
      '[args...]',
      'restore: a snapshot id (default latest); release: the version; migrate: its name; worker: stop, start or status',
    )
    .option('--url <url>', 'the sandbox (default: REHEARSE_SANDBOX_URL)')
    .option('--admin-token <token>', 'its admin token (default: REHEARSE_SANDBOX_ADMIN_TOKEN)')
    .option(
      '--blue-green',
      'release or roll back blue/green: a second instance, traffic switched with no request failed',
    )
    .option(
      '--downtime <duration>',
      'release, rollback: how long the restart (or the green start) takes, e.g. 2s',
      duration,
    )
    .option('--lock <duration>', 'migrate: how long the migration holds its lock, e.g. 10s', duration)
    .option(
      '--lock-wait <duration>',
      'migrate: lock wait budget of a request before 503 LOCK_TIMEOUT (default 5s)',
      duration,
    )
    .option('--tables <names>', 'migrate: the tables it locks, comma-separated (default sales_orders,order_lines)')
    .option('--timeout <duration>', 'how long to wait for the sandbox to answer', duration, 120_000)
    .action(
      // `--admin-token` is an option of `rehearse sandbox` too, which reads it when it comes after `op`.
      wrap((operation: string, args: string[], _opts: OpOptions, command: Command) =>
        sandboxOpCommand(operation, args, command.optsWithGlobals<OpOptions>(), output),
      ),
    );
}

/** What `rehearse sandbox op` sends: method, admin path and body. */
interface OpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
}

const usage = (message: string) =>
  new RehearseError('REHEARSE_USAGE', message, {
    hint: 'Run `rehearse sandbox op --help` for the operations and options.',
  });

/** Maps an operation and its words to the admin API call; throws `REHEARSE_USAGE` for a wrong one. */
function opRequest(operation: string, args: string[], opts: OpOptions): OpRequest {
  const extra = (max: number) => {
    if (args.length > max)
      throw usage(
        `Failed to read \`${operation}\`: unexpected ${args
          .slice(max)
          .map((a) => `"${a}"`)
          .join(' ')}.`,
      );
  };
  const releaseBody = () => ({
    mode: opts.blueGreen ? 'blue-green' : 'restart',
    ...(opts.downtime === undefined ? {} : { downtimeMs: opts.downtime }),
  });
  switch (operation) {
    case 'snapshot':
      extra(0);
      return { method: 'POST', path: '/admin/snapshots' };
    case 'snapshots':
      extra(0);
      return { method: 'GET', path: '/admin/snapshots' };
    case 'restore':
      extra(1);
      return { method: 'POST', path: `/admin/snapshots/${encodeURIComponent(args[0] ?? 'latest')}/restore` };
    case 'release':
      extra(1);
      if (!args[0])
        throw usage('Failed to read `release`: name the version, e.g. `rehearse sandbox op release 2.0.0`.');
      return { method: 'POST', path: '/admin/release', body: { version: args[0], ...releaseBody() } };
    case 'rollback':
      extra(0);
      return { method: 'POST', path: '/admin/rollback', body: releaseBody() };
    case 'releases':
      extra(0);
      return { method: 'GET', path: '/admin/releases' };
    case 'migrate': {
      extra(1);
      if (!args[0] || opts.lock === undefined)
        throw usage(
          'Failed to read `migrate`: name the migration and its lock time, e.g. `migrate add-incoterms --lock 10s`.',
        );
      const tables = opts.tables
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      return {
        method: 'POST',
        path: '/admin/migrations',
        body: {
          name: args[0],
          lockMs: opts.lock,
          ...(tables?.length ? { tables } : {}),
          ...(opts.lockWait === undefined ? {} : { lockWaitMs: opts.lockWait }),
        },
      };
    }
    case 'migrations':
      extra(0);
      return { method: 'GET', path: '/admin/migrations' };
    case 'worker': {
      extra(1);
      const action = args[0] ?? 'status';
      if (action === 'status') return { method: 'GET', path: '/admin/worker' };
      if (action === 'stop' || action === 'start') return { method: 'POST', path: `/admin/worker/${action}` };
      throw usage(`Failed to read \`worker ${action}\`: the worker can stop, start or show its status.`);
    }
    default:
      throw usage(
        `Failed to read the operation "${operation}": known are snapshot, snapshots, restore, release, rollback, releases, migrate, migrations, worker.`,
      );
  }
}

/**
 * `rehearse sandbox op <operation>`: one call to a running sandbox's admin API, its JSON answer
 * on stdout. Exit 0 done; 1 the sandbox refused it (`REHEARSE_SANDBOX_OP_FAILED`, with the
 * sandbox's error code); 2 a usage mistake (`REHEARSE_USAGE`); 3 no answer
 * (`REHEARSE_SANDBOX_UNREACHABLE`).
 *
 * @example
 * // REHEARSE_SANDBOX_URL=http://127.0.0.1:4000 REHEARSE_SANDBOX_ADMIN_TOKEN=… rehearse sandbox op release 2.0.0 --blue-green
 */
export async function sandboxOpCommand(
  operation: string,
  args: string[],
  opts: OpOptions,
  output: Output,
): Promise<number> {
  const request = opRequest(operation, args, opts);
  const url = opts.url ?? process.env.REHEARSE_SANDBOX_URL;
  const token = opts.adminToken ?? process.env.REHEARSE_SANDBOX_ADMIN_TOKEN;
  if (!url)
    throw usage('Failed to find the sandbox: pass --url or set REHEARSE_SANDBOX_URL (`rehearse sandbox` prints it).');
  if (!token)
    throw usage(
      'Failed to authenticate: pass --admin-token or set REHEARSE_SANDBOX_ADMIN_TOKEN (`rehearse sandbox` prints it).',
    );
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw usage(`Failed to read the sandbox URL "${url}": give an http(s) URL such as http://127.0.0.1:4000.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw usage(`Failed to read the sandbox URL "${url}": give an http(s) URL such as http://127.0.0.1:4000.`);
  const target = new URL(request.path, base.href.endsWith('/') ? base.href : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(target, {
      method: request.method,
      headers: { authorization: `Bearer ${token}`, ...(request.body ? { 'content-type': 'application/json' } : {}) },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(opts.timeout),
    });
  } catch (error) {
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${opts.timeout} ms`
        : error instanceof Error && error.cause instanceof Error
          ? error.cause.message
          : String(error);
    printError(
      output,
      new RehearseError('REHEARSE_SANDBOX_UNREACHABLE', `Failed to ${operation} at ${base.origin}: ${why}.`, {
        hint: 'Is the sandbox running there (`rehearse sandbox`)? Check --url or REHEARSE_SANDBOX_URL.',
      }),
    );
    return EXIT.targetDown;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const detail =
      typeof error?.code === 'string' ? `${error.code}: ${String(error.message)}` : `HTTP ${response.status}`;
    printError(
      output,
      new RehearseError(
        'REHEARSE_SANDBOX_OP_FAILED',
        `Failed to ${operation}: the sandbox answered ${response.status} ${detail}`,
        {
          hint:
            response.status === 401
              ? 'The admin token is wrong: use the one `rehearse sandbox` printed (REHEARSE_SANDBOX_ADMIN_TOKEN).'
              : 'See sandbox/README.md, "Recovery operations".',
        },
      ),
    );
    return EXIT.failed;
  }
  if (body === undefined) {
    printError(
      output,
      new RehearseError('REHEARSE_SANDBOX_OP_FAILED', `Failed to ${operation}: ${base.origin} did not answer JSON.`, {
        hint: 'Is that URL a Rehearse sandbox?',
      }),
    );
    return EXIT.failed;
  }
  output.out(stringifyJson(body, 2) ?? '{}');
  return EXIT.passed;
}

async function sandboxCommand(opts: SandboxOptions, root: string, output: Output): Promise<number> {
  const adminToken = opts.adminToken ?? process.env.REHEARSE_SANDBOX_ADMIN_TOKEN ?? randomBytes(24).toString('hex');
  // The sandbox opens first, in a thread of its own, and the virtual partners start, the way a run
  // starts them early: all that needs nothing of the project, while this thread loads it.
  // Modules are loaded when the command runs: every other command would pay for them.
  const { startTarget } = await import('../../playwright/early-target.js');
  const early = await startTarget(root, {
    seed: opts.seed,
    adminToken,
    port: opts.port,
    virtualPort: opts.virtualPort,
    ...(opts.dataDir ? { dataDir: resolve(opts.dataDir) } : {}),
    ...(opts.defects ? { defects: opts.defects.split(',').map((d) => d.trim()) } : {}),
  });
  // Loading the project blocks this thread: the partners' handlers are loaded first, so that it
  // does not hold up their start. Their failure, like the sandbox's, is reported after the project's.
  const [{ loadOrReport }] = await Promise.all([import('../load-or-report.js'), early.virtual.catch(() => undefined)]);
  const project = loadOrReport(root, undefined, output);
  if (!project) {
    await early.close();
    return EXIT.invalid;
  }
  early.adopt();
  const { startEmbeddedTarget } = await import('../../playwright/embedded-target.js');
  const target = await startEmbeddedTarget({
    project,
    seed: opts.seed,
    sandbox: early.sandbox,
    virtual: early.virtual,
  });
  // A server from here on: its code is optimised as V8 does by default.
  startUpDone();
  output.out(
    `Sandbox ERP on ${target.baseUrl}  (API ${target.baseUrl}/api/v1, OpenAPI ${target.baseUrl}/openapi.json)`,
  );
  output.out(`Virtual partners on ${target.virtualUrl}  (admin ${target.virtualUrl}/__admin)`);
  if (opts.defects) output.out(`Defects switched on: ${opts.defects}`);
  output.out('Log in to the UI with (generated for this start, local only):');
  for (const login of target.logins)
    output.out(`  tenant ${login.tenantId.padEnd(18)} ${login.username.padEnd(12)} ${login.password}  (${login.role})`);
  output.out(
    'Recovery operations from a shell (rehearse sandbox op snapshot|restore|release|rollback|migrate|worker):',
  );
  output.out(`  export REHEARSE_SANDBOX_URL=${target.baseUrl} REHEARSE_SANDBOX_ADMIN_TOKEN=${adminToken}`);
  output.out('Press Ctrl-C to stop.');
  await untilStopped();
  await target.close();
  return EXIT.passed;
}
