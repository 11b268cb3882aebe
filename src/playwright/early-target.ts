import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../core/yaml-library.js';
import type { OpenSandboxHandle } from '../../sandbox/index.js';
import { CONFIG_FILE } from '../loader/project-files.js';
import type { VirtualServicesHandle } from '../virtual/hosting/start-virtual-services.js';

/**
 * The embedded sandbox (in a thread of its own) and the virtual partners, started before the
 * project is validated: what `startEmbeddedTarget` takes as `sandbox` and `virtual`. Whoever
 * passes them on owns them (`adopt`); else `close` ends them. `rehearse run` starts them from a
 * glance at rehearse.config.yaml (`startTargetEarly`), `rehearse sandbox` always (`startTarget`);
 * validation may yet refuse the project — then they are closed unused.
 */
export interface EarlyTarget {
  sandbox: { opening: Promise<OpenSandboxHandle>; adminToken: string };
  virtual: Promise<VirtualServicesHandle>;
  /** Hands them over: `close` does nothing after it. */
  adopt(): void;
  /** Closes what was started, unless adopted. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * What `startTarget` starts with: the seed of partner faults and generated data, and for
 * `rehearse sandbox` the ports (default: any free one), where the data is kept (default: in
 * memory), the defects switched on, and the admin token (default: generated, 48 hex digits).
 */
export interface TargetStartOptions {
  seed: string;
  port?: number;
  virtualPort?: number;
  /** An absolute path. */
  dataDir?: string;
  defects?: string[];
  adminToken?: string;
}

/**
 * Starts the embedded sandbox (in a thread of its own) and the virtual partners of the project at
 * `root` (its own, else the shipped ones): the one way both `rehearse run` (`startTargetEarly`) and
 * `rehearse sandbox` start them, before the project is loaded. The sandbox thread is spawned
 * before this thread loads the partners' modules, so the two load their modules at once. Their
 * failures (a port taken: `EADDRINUSE`, `REHEARSE_VIRTUAL_LISTEN_FAILED`; a partner that does not
 * load: `REHEARSE_PROJECT_INVALID`) reject `sandbox.opening` and `virtual`, and are reported by
 * whoever awaits them (`startEmbeddedTarget`), after the project's problems. Throws nothing itself.
 *
 * @example
 * const early = await startTarget(root, { seed: 'rehearse', port: 4000 });
 * const project = loadOrReport(root, undefined, output);
 * if (!project) return void (await early.close());
 * early.adopt();
 * const target = await startEmbeddedTarget({ project, seed: 'rehearse', ...early });
 */
export async function startTarget(root: string, options: TargetStartOptions): Promise<EarlyTarget> {
  const adminToken = options.adminToken ?? randomBytes(24).toString('hex');
  const { startSandboxThread } = await import('../../sandbox/thread/sandbox-thread.js');
  const opening = startSandboxThread({
    adminToken,
    seed: options.seed,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.defects?.length ? { defects: options.defects } : {}),
  });
  const virtual = startPartners(root, options);
  opening.catch(() => undefined);
  virtual.catch(() => undefined);
  let adopted = false;
  let closing: Promise<void> | undefined;
  return {
    sandbox: { opening, adminToken },
    virtual,
    adopt: () => {
      adopted = true;
    },
    close: () =>
      adopted
        ? Promise.resolve()
        : (closing ??= Promise.all([
            opening.then((sandbox) => sandbox.close()).catch(() => undefined),
            virtual.then((partners) => partners.close()).catch(() => undefined),
          ]).then(() => undefined)),
  };
}

/**
 * Starts the embedded sandbox and the virtual partners ahead of validation when the environment
 * the run will select (`--env`, else `defaultEnvironment`, else `sandbox`, as
 * `resolveEnvironment` picks it) is `embedded: sandbox` and no `--base-url` replaces it. Validating
 * the project takes a CLI most of a second, and the sandbox (database, migrations, provisioning
 * prepared) and the partners (their TypeScript handlers) as long again, in other threads. Returns
 * undefined when the config cannot be read or does not ask for an embedded sandbox: the run then
 * starts its target after validation, as before, and reports any problem of the file there.
 * Throws nothing.
 */
export async function startTargetEarly(
  root: string,
  options: { env?: string; baseUrl?: string; seed: string },
): Promise<EarlyTarget | undefined> {
  if (options.baseUrl !== undefined || !embeddedSandboxSelected(root, options.env)) return undefined;
  return startTarget(root, { seed: options.seed });
}

/** The virtual partners of the project at `root`, as a run serves them. */
async function startPartners(root: string, options: TargetStartOptions): Promise<VirtualServicesHandle> {
  const [{ startVirtualServices }, { virtualServicesDir }] = await Promise.all([
    // Not the barrel: it also loads msw (in-process interception), which serving partners does not need.
    import('../virtual/hosting/start-virtual-services.js'),
    import('../loader/virtual-services-dir.js'),
  ]);
  return startVirtualServices({
    dir: virtualServicesDir(root),
    seed: options.seed,
    ...(options.virtualPort !== undefined ? { port: options.virtualPort } : {}),
  });
}

function embeddedSandboxSelected(root: string, env: string | undefined): boolean {
  try {
    const config = parse(readFileSync(join(root, CONFIG_FILE), 'utf8')) as unknown;
    if (!isRecord(config) || !isRecord(config.environments)) return false;
    const name = env ?? (typeof config.defaultEnvironment === 'string' ? config.defaultEnvironment : 'sandbox');
    const environment = Object.hasOwn(config.environments, name) ? config.environments[name] : undefined;
    return isRecord(environment) && environment.embedded === 'sandbox';
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
