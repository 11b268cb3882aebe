// The hand-written side's start-up, what a person would write against the embedded sandbox: the
// virtual partners, then the sandbox ERP pointed at them, then one tenant per file in
// tenant-profiles/ provisioned through the admin API (its master data, its partner faults) and a
// /health check. The same code `rehearse run` starts (dist/), without Rehearse's project loader.
// The workers get the URL, each tenant's client credentials and the master data the tests use
// through one environment variable.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startSandbox } from '../../dist/sandbox/index.js';
import { startVirtualServices } from '../../dist/src/virtual/index.js';

const repo = new URL('../..', import.meta.url).pathname;

interface Profile {
  name: string;
  tenantId?: string;
  description?: string;
  sandbox?: { seed?: string };
  customers?: Array<{ code: string }>;
  items?: { stocked?: Array<{ sku: string }>; scarce?: Array<{ sku: string }> } & Record<string, unknown>;
  faults?: Record<string, string>;
  edi?: { isaId: string; isaQualifier?: string; gsId?: string };
  data?: Record<string, unknown>;
  warehouses?: unknown;
  suppliers?: unknown;
  partners?: unknown;
}

/** What the spec reads from BENCH_SMOKE. */
export interface SmokeTarget {
  baseUrl: string;
  tenants: Record<
    string,
    { clientId: string; clientSecret: string; customer: string; stocked: string[]; scarce: string }
  >;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const seed = process.env.BENCH_SEED ?? 'bench';
  const virtual = await startVirtualServices({ dir: join(repo, 'virtual-services'), seed });
  const adminToken = randomBytes(24).toString('hex');
  const sandbox = await startSandbox({
    adminToken,
    seed,
    partners: {
      carrier: virtual.partnerUrl('carrier'),
      tax: virtual.partnerUrl('tax'),
      payment: virtual.partnerUrl('payment'),
      supplier: virtual.partnerUrl('supplier'),
      ediVan: virtual.partnerUrl('edi-van'),
    },
  });
  const close = async () => {
    await sandbox.close();
    await virtual.close();
  };
  try {
    const target: SmokeTarget = { baseUrl: sandbox.url, tenants: {} };
    const dir = join(repo, 'tenant-profiles');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const profile = parse(readFileSync(join(dir, file), 'utf8')) as Profile;
      const tenantId = profile.tenantId ?? profile.name;
      const { isaId, isaQualifier, gsId } = profile.edi ?? ({} as Partial<NonNullable<Profile['edi']>>);
      const response = await fetch(`${sandbox.url}/admin/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: tenantId,
          name: profile.description ?? profile.name,
          seed: profile.sandbox?.seed ?? 'standard',
          data: {
            ...profile.data,
            ...(profile.customers ? { customers: profile.customers } : {}),
            ...(profile.items ? { items: profile.items } : {}),
            ...(profile.warehouses ? { warehouses: profile.warehouses } : {}),
            ...(profile.suppliers ? { suppliers: profile.suppliers } : {}),
            ...(profile.partners ? { partners: profile.partners } : {}),
            ...(isaId ? { edi: { isaId, ...(isaQualifier ? { isaQualifier } : {}), ...(gsId ? { gsId } : {}) } } : {}),
          },
        }),
      });
      if (response.status !== 201)
        throw new Error(`provisioning ${tenantId}: ${response.status} ${await response.text()}`);
      const { clientId, clientSecret } = (await response.json()) as { clientId: string; clientSecret: string };
      for (const [partner, faults] of Object.entries(profile.faults ?? {}))
        await virtual.admin.setFaults(partner, { profile: faults, tenant: tenantId });
      target.tenants[profile.name] = {
        clientId,
        clientSecret,
        customer: profile.customers![0]!.code,
        stocked: (profile.items?.stocked ?? []).map((i) => i.sku),
        scarce: profile.items!.scarce![0]!.sku,
      };
    }
    const health = await fetch(`${sandbox.url}/health`);
    if (health.status !== 200) throw new Error(`the sandbox is not healthy: ${health.status}`);
    process.env.BENCH_SMOKE = JSON.stringify(target);
    // The bench times this line as "target ready" (Rehearse prints "Target … is healthy").
    process.stderr.write(
      `bench/smoke: target ${sandbox.url} is healthy, ${Object.keys(target.tenants).length} tenants\n`,
    );
  } catch (error) {
    await close();
    throw error;
  }
  return close;
}
