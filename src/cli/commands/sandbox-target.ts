import type { Project } from '../../loader/project.js';
import { virtualServicesDir } from '../../loader/virtual-services-dir.js';
import { provisionTenant } from '../../playwright/provision-tenant.js';
import { startVirtualServices } from '../../virtual/index.js';
import type { OpenSandboxHandle } from '../../../sandbox/index.js';

const PARTNERS = ['carrier', 'tax', 'payment', 'supplier', 'edi-van'] as const;

export interface SandboxTargetOptions {
  project: Project;
  seed: string;
  virtualPort: number;
  /** The admin token `opening` was started with. */
  adminToken: string;
  /** The sandbox, opened before the project was loaded (its partners not connected yet). */
  opening: Promise<OpenSandboxHandle>;
}

export interface SandboxTarget {
  baseUrl: string;
  virtualUrl: string;
  /** Users of each provisioned tenant, for people logging in to the sandbox UI. */
  logins: Array<{ profile: string; tenantId: string; username: string; password: string; role: string }>;
  /** From now on the sandbox's `/health` answers 200 (see `OpenSandboxHandle.markReady`). */
  markReady(): void;
  close(): Promise<void>;
}

/**
 * What `startEmbeddedTarget` (src/playwright/embedded-target.ts) does for a run, around a
 * sandbox that is already open: starts the virtual partners, connects the sandbox to them, and
 * provisions one sandbox tenant per tenant profile (with its partner faults, through
 * `provisionTenant`, as a run does).
 */
export async function startSandboxTarget(options: SandboxTargetOptions): Promise<SandboxTarget> {
  const { project, seed, adminToken } = options;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  let sandboxListed = false;
  try {
    const virtual = await startVirtualServices({
      dir: virtualServicesDir(project.root),
      seed,
      port: options.virtualPort,
    });
    closers.push(() => virtual.close());
    const sandbox = await options.opening;
    // Closed before the partners, as a run closes them: its jobs stop calling them first.
    sandboxListed = true;
    closers.push(() => sandbox.close());
    sandbox.connectPartners({
      carrier: virtual.partnerUrl('carrier'),
      tax: virtual.partnerUrl('tax'),
      payment: virtual.partnerUrl('payment'),
      supplier: virtual.partnerUrl('supplier'),
      ediVan: virtual.partnerUrl('edi-van'),
    });

    const logins: SandboxTarget['logins'] = [];
    for (const { profile } of project.tenants.values()) {
      const tenantId = profile.tenantId ?? profile.name;
      const { users } = await provisionTenant(sandbox.url, adminToken, tenantId, profile);
      for (const login of users) logins.push({ profile: profile.name, tenantId, ...login });
      for (const [partner, faultProfile] of Object.entries(profile.faults ?? {})) {
        if (!(PARTNERS as readonly string[]).includes(partner)) continue; // the loader reports unknown partners
        await virtual.admin.setFaults(partner, { profile: faultProfile, tenant: tenantId });
      }
    }
    return { baseUrl: sandbox.url, virtualUrl: virtual.url, logins, markReady: () => sandbox.markReady(), close };
  } catch (error) {
    await close();
    if (!sandboxListed) await options.opening.then((sandbox) => sandbox.close()).catch(() => undefined);
    throw error;
  }
}
