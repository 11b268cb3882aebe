import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { registerAdminRoutes } from './admin/admin-routes.js';
import { registerTenantAdminRoutes } from './admin/tenant-admin-routes.js';
import { registerLoginRoutes } from './auth/login-routes.js';
import { registerApiRoutes } from './api/api-routes.js';
import { registerEdiRoutes } from './api/edi-routes.js';
import { registerInventoryRoutes } from './api/inventory-routes.js';
import { registerMrpRoutes } from './api/mrp-routes.js';
import { registerEdiJobs } from './edi/outbound.js';
import { openApiDocument } from './api/openapi.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/schema.js';
import { Defects } from './domain/defects.js';
import type { PartnerUrls } from './domain/partners.js';
import { createRouter } from './http/router.js';
import { JobQueue } from './jobs/job-queue.js';
import { registerPartnerJobs } from './jobs/partner-jobs.js';
import { registerSupplierJobs } from './jobs/supplier-jobs.js';
import { registerOperationsRoutes } from './admin/operations-routes.js';
import { createOperations, gatedRouter } from './operations/operations.js';
import { createSandboxServer } from './server.js';
import { registerUiRoutes } from './ui/ui-routes.js';

export { DEFECT_NAMES } from './domain/defects.js';
export type { PartnerUrls } from './domain/partners.js';

export interface StartSandboxOptions extends OpenSandboxOptions {
  partners: PartnerUrls;
}

/** Everything of `StartSandboxOptions` but the partners, which `connectPartners` hands over later. */
export interface OpenSandboxOptions {
  port?: number;
  host?: string;
  /** Keep the data in `<dataDir>/sandbox.sqlite`; in memory when absent. */
  dataDir?: string;
  /** Bearer token of the admin API (tenant provisioning, reset, defects). */
  adminToken: string;
  /** Defects switched on at start (also `SANDBOX_DEFECTS=a,b`). */
  defects?: string[];
  seed?: string;
  jobs?: { pollMs?: number; maxAttempts?: number; baseBackoffMs?: number };
  /** Default lock wait budget of a migration, ms (also `SANDBOX_LOCK_WAIT_MS`; default 5000). */
  lockWaitMs?: number;
  log?: (line: string) => void;
}

export interface SandboxHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A sandbox that serves its API and whose job worker waits for the partners' URLs. */
export interface OpenSandboxHandle extends SandboxHandle {
  /** Registers the partner jobs against these URLs and starts the job worker (once). */
  connectPartners(partners: PartnerUrls): void;
  /**
   * From now on `/health` answers 200: the partners are connected and the tenants provisioned.
   * Until then it answers 503 `{ status: 'starting' }` — a client that waits for a healthy sandbox
   * must never meet a tenant that does not exist yet.
   */
  markReady(): void;
}

const VERSION = '1.4.2';

/**
 * Starts the sandbox ERP: an embedded SQLite (sql.js) database, the REST API,
 * the admin API and the job queue that talks to partners.
 *
 * @example
 * const sandbox = await startSandbox({ adminToken: 'secret', partners: { carrier: 'http://127.0.0.1:4010/carrier', ... } });
 * await fetch(`${sandbox.url}/health`);
 * await sandbox.close();
 */
export async function startSandbox(options: StartSandboxOptions): Promise<SandboxHandle> {
  const { partners, ...rest } = options;
  const sandbox = await openSandbox(rest);
  sandbox.connectPartners(partners);
  // Tenants are provisioned by whoever started it, through the admin API, before they run anything.
  sandbox.markReady();
  return { url: sandbox.url, port: sandbox.port, close: () => sandbox.close() };
}

/**
 * Starts the sandbox ERP before its partners are known: the API answers at once (a job it
 * queues waits in the database), and `connectPartners` starts the job worker. `rehearse
 * sandbox` opens it first, so its start overlaps the CLI's loading the project and starting the
 * virtual partners whose URLs it needs; `/health` says 503 `starting` until `markReady`.
 *
 * @example
 * const sandbox = await openSandbox({ adminToken: 'secret' });
 * const virtual = await startVirtualServices({ dir: 'virtual-services', seed: 'x' });
 * sandbox.connectPartners({ carrier: virtual.partnerUrl('carrier'), ... });
 */
export async function openSandbox(options: OpenSandboxOptions): Promise<OpenSandboxHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = await openDatabase(options.dataDir ? { file: join(options.dataDir, 'sandbox.sqlite') } : {});
  migrate(db);
  const envDefects = (process.env.SANDBOX_DEFECTS ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const defects = new Defects([...(options.defects ?? []), ...envDefects]);
  const jobs = new JobQueue(db, {
    ...options.jobs,
    stalled: () => defects.has('job-worker-stalled'),
    redeliversOnRestart: () => defects.has('worker-redelivers-on-restart'),
    onGiveUp: ({ type, ref, tenantId }) => {
      if (type !== 'carrier.label') return 'failed';
      if (defects.has('silent-job-drop')) return 'succeeded';
      // The shipment says it has no label, so a clerk (or a scenario) sees it needs attention.
      db.run("UPDATE shipments SET label_status = 'failed' WHERE tenant_id = ? AND number = ?", [tenantId, ref]);
      return 'failed';
    },
  });

  const ops = createOperations({
    db,
    jobs,
    defects,
    initial: { version: VERSION, commit: process.env.SANDBOX_COMMIT ?? 'local', startedAt: new Date().toISOString() },
    ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }),
  });
  // Application routes answer through the release's state (503 while restarting) and the migration locks.
  const router = gatedRouter(createRouter(), ops);
  // Like many real services, health answers 200 whenever the web tier and its database are up,
  // whatever the job worker does: its heartbeat is there for whoever reads it. While the sandbox
  // is still starting (partners not connected, tenants not provisioned) it is a 503.
  let ready = false;
  router.add('GET', '/health', () =>
    !db.isAvailable()
      ? { status: 503, json: { status: 'unavailable', db: 'unavailable' } }
      : ready
        ? { json: { status: 'ok', db: 'ok', jobs: jobs.liveness() } }
        : { status: 503, json: { status: 'starting', db: 'ok', jobs: jobs.liveness() } },
  );
  router.add('GET', '/version', () => ({ json: { name: 'rehearse-sandbox-erp', ...ops.releases.current() } }));
  router.add('GET', '/openapi.json', () => ({ json: openApiDocument(VERSION) }));
  registerAdminRoutes(router, { db, defects, adminToken: options.adminToken });
  registerOperationsRoutes(router, ops, options.adminToken);
  registerTenantAdminRoutes(router, { db, jobs, defects, adminToken: options.adminToken });
  registerLoginRoutes(router, { db });
  registerApiRoutes(router, { db, jobs, defects });
  registerEdiRoutes(router, { db, jobs, defects });
  registerMrpRoutes(router, { db, jobs, defects });
  registerInventoryRoutes(router, { db, jobs, defects });
  registerUiRoutes(router, { db, jobs, defects });

  const server = createSandboxServer(router, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let connected = false;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    connectPartners(partners) {
      if (connected) throw new Error('connectPartners: the sandbox is connected to its partners already.');
      connected = true;
      registerPartnerJobs({ db, jobs, partners, defects });
      registerEdiJobs({ db, jobs, partners, defects });
      registerSupplierJobs({ db, jobs, partners, defects });
      jobs.start();
    },
    markReady() {
      ready = true;
    },
    async close() {
      ops.close();
      await jobs.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}
