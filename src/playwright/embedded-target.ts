import { randomBytes } from 'node:crypto';
import type { Project } from '../loader/project.js';
import { virtualServicesDir } from '../loader/virtual-services-dir.js';
import type { AuthConfig } from '../schema/index.js';
import type { OpenSandboxHandle } from '../../sandbox/index.js';
// Not the barrel: it also loads msw (in-process interception), which serving partners does not need.
import { startVirtualServices, type VirtualServicesHandle } from '../virtual/hosting/start-virtual-services.js';
import { provisionTenant } from './provision-tenant.js';

/** The embedded sandbox and the virtual partners it calls, started for one run. */
export interface EmbeddedTarget {
  baseUrl: string;
  /** `http://127.0.0.1:<port>` of the virtual services (admin API under `/__admin`). */
  virtualUrl: string;
  tenantAuth: Record<string, AuthConfig>;
  tenantIds: Record<string, string>;
  /** Each tenant's UI sign-in (its first provisioned user) as `env:` references into `secretEnv`. */
  tenantUi: Record<string, { username: string; password: string }>;
  /** Generated credentials, passed to Playwright's processes as environment variables. */
  secretEnv: Record<string, string>;
  /** Users of each provisioned tenant, for people logging in to the sandbox UI. */
  logins: Array<{ profile: string; tenantId: string; username: string; password: string; role: string }>;
  close(): Promise<void>;
}

export interface EmbeddedTargetOptions {
  project: Project;
  seed: string;
  /** Keep the sandbox's data here between runs (default: in memory). */
  dataDir?: string;
  /** Switch on sandbox defects (demo of a broken release). */
  defects?: string[];
  /** Sandbox port (default: any free one). */
  port?: number;
  /** Virtual services port (default: any free one). */
  virtualPort?: number;
  /**
   * A sandbox opened already (`rehearse sandbox` opens one in a thread of its own before it
   * loads the project), with the admin token it was opened with: used instead of opening one
   * here; `dataDir`, `defects` and `port` were its to take. Closed with the target, or when
   * starting the target fails.
   */
  sandbox?: { opening: Promise<OpenSandboxHandle>; adminToken: string };
  /**
   * Virtual partners being started already (`rehearse sandbox` starts them while it loads the
   * project), used instead of starting them here (`virtualPort` was theirs to take). Closed with
   * the target, or when starting the target fails.
   */
  virtual?: Promise<VirtualServicesHandle>;
}

const PARTNERS = ['carrier', 'tax', 'payment', 'supplier', 'edi-van'] as const;

/** Re-exported: the loader checks the same folder the run starts. */
export { virtualServicesDir };

/**
 * Starts the virtual partners and the sandbox ERP pointed at them (or connects one opened
 * already, `options.sandbox`), and provisions one sandbox tenant per tenant profile with fresh
 * credentials; the sandbox's `/health` answers 200 only then (`markReady`). The credentials
 * reach the scenarios only as `env:` references (the values travel in `secretEnv`), so they are
 * redacted like any other secret.
 */
export async function startEmbeddedTarget(options: EmbeddedTargetOptions): Promise<EmbeddedTarget> {
  const { project, seed } = options;
  const adminToken = options.sandbox?.adminToken ?? randomBytes(24).toString('hex');
  // The sandbox's modules are loaded by whoever opens it: `rehearse sandbox` opens it in a thread
  // of its own, and this thread need not load them too.
  const opening =
    options.sandbox?.opening ??
    import('../../sandbox/index.js').then(({ openSandbox }) =>
      openSandbox({
        adminToken,
        seed,
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        ...(options.defects ? { defects: options.defects } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
      }),
    );
  let virtual: VirtualServicesHandle | undefined;
  const close = async () => {
    // The sandbox first, so that its jobs stop calling the partners; one that never opened has nothing to close.
    await opening.then((sandbox) => sandbox.close()).catch(() => undefined);
    await virtual?.close().catch(() => undefined);
  };
  try {
    virtual = await (options.virtual ??
      startVirtualServices({
        dir: virtualServicesDir(project.root),
        seed,
        ...(options.virtualPort !== undefined ? { port: options.virtualPort } : {}),
      }));
    const sandbox = await opening;
    sandbox.connectPartners({
      carrier: virtual.partnerUrl('carrier'),
      tax: virtual.partnerUrl('tax'),
      payment: virtual.partnerUrl('payment'),
      supplier: virtual.partnerUrl('supplier'),
      ediVan: virtual.partnerUrl('edi-van'),
    });

    const tenantAuth: Record<string, AuthConfig> = {};
    const tenantIds: Record<string, string> = {};
    const tenantUi: EmbeddedTarget['tenantUi'] = {};
    const secretEnv: Record<string, string> = {};
    const logins: EmbeddedTarget['logins'] = [];
    for (const { profile } of project.tenants.values()) {
      const tenantId = profile.tenantId ?? profile.name;
      const credentials = await provisionTenant(sandbox.url, adminToken, tenantId, profile);
      const variable = `REHEARSE_SANDBOX_${profile.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      secretEnv[`${variable}_CLIENT_ID`] = credentials.clientId;
      secretEnv[`${variable}_CLIENT_SECRET`] = credentials.clientSecret;
      const user = credentials.users[0];
      if (user) {
        secretEnv[`${variable}_USERNAME`] = user.username;
        secretEnv[`${variable}_PASSWORD`] = user.password;
        tenantUi[profile.name] = { username: `env:${variable}_USERNAME`, password: `env:${variable}_PASSWORD` };
      }
      for (const login of credentials.users) logins.push({ profile: profile.name, tenantId, ...login });
      tenantIds[profile.name] = tenantId;
      tenantAuth[profile.name] = {
        type: 'oauth2',
        tokenUrl: '/oauth/token',
        clientId: `env:${variable}_CLIENT_ID`,
        clientSecret: `env:${variable}_CLIENT_SECRET`,
      };
      for (const [partner, faultProfile] of Object.entries(profile.faults ?? {})) {
        if (!(PARTNERS as readonly string[]).includes(partner)) continue; // the loader reports unknown partners
        await virtual.admin.setFaults(partner, { profile: faultProfile, tenant: tenantId });
      }
    }
    sandbox.markReady();
    return { baseUrl: sandbox.url, virtualUrl: virtual.url, tenantAuth, tenantIds, tenantUi, secretEnv, logins, close };
  } catch (error) {
    await close();
    throw error;
  }
}
