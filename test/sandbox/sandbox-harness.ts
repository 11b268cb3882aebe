import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { startVirtualServices, type VirtualServicesHandle } from '../../src/virtual/index.js';

export interface Harness {
  sandbox: SandboxHandle;
  virtual: VirtualServicesHandle;
  /** Provisions a tenant and returns a fetch bound to its bearer token. */
  tenant(id: string, seed?: string, data?: Record<string, unknown>): Promise<TenantClient>;
  close(): Promise<void>;
}

export interface TenantClient {
  id: string;
  // The API's JSON, read freely by assertions (a wrong path fails the assertion, not the compiler).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Posts a text body (X12) with the tenant's token; the answer as text. */
  postText(path: string, text: string, contentType?: string): Promise<{ status: number; text: string }>;
}

const ADMIN = 'test-admin-token';

/** The sandbox and the virtual partners it calls, on free ports of 127.0.0.1. */
export async function startHarness(
  options: { defects?: string[]; jobs?: { baseBackoffMs?: number; maxAttempts?: number } } = {},
): Promise<Harness> {
  const virtual = await startVirtualServices({ dir: 'virtual-services', seed: 7 });
  const sandbox = await startSandbox({
    adminToken: ADMIN,
    defects: options.defects ?? [],
    jobs: { pollMs: 10, baseBackoffMs: 20, ...options.jobs },
    log: () => undefined,
    partners: {
      carrier: virtual.partnerUrl('carrier'),
      tax: virtual.partnerUrl('tax'),
      payment: virtual.partnerUrl('payment'),
      supplier: virtual.partnerUrl('supplier'),
      ediVan: virtual.partnerUrl('edi-van'),
    },
  });
  return {
    sandbox,
    virtual,
    async tenant(id, seed = 'standard', data = {}) {
      const provisioned = await fetch(`${sandbox.url}/admin/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, seed, data }),
      });
      const creds = (await provisioned.json()) as { clientId: string; clientSecret: string };
      if (provisioned.status !== 201) throw new Error(`provisioning failed: ${JSON.stringify(creds)}`);
      const token = (await (
        await fetch(`${sandbox.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: creds.clientId,
            client_secret: creds.clientSecret,
          }),
        })
      ).json()) as { access_token: string };
      return {
        id,
        async call(method, path, body) {
          const response = await fetch(`${sandbox.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await response.text();
          return { status: response.status, body: text ? JSON.parse(text) : undefined };
        },
        async postText(path, text, contentType = 'application/edi-x12') {
          const response = await fetch(`${sandbox.url}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token.access_token}`, 'content-type': contentType },
            body: text,
          });
          return { status: response.status, text: await response.text() };
        },
      };
    },
    async close() {
      await sandbox.close();
      await virtual.close();
    },
  };
}

/** Polls until `check` returns a value (bounded). */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
