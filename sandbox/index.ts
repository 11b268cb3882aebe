import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { registerAdminRoutes } from './admin/admin-routes.js';
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
import { createSandboxServer } from './server.js';
import { registerUiRoutes } from './ui/ui-routes.js';

export { DEFECT_NAMES } from './domain/defects.js';
export type { PartnerUrls } from './domain/partners.js';

export interface StartSandboxOptions {
  port?: number;
  host?: string;
  /** Keep the data in `<dataDir>/sandbox.sqlite`; in memory when absent. */
  dataDir?: string;
  /** Bearer token of the admin API (tenant provisioning, reset, defects). */
  adminToken: string;
  partners: PartnerUrls;
  /** Defects switched on at start (also `SANDBOX_DEFECTS=a,b`). */
  defects?: string[];
  seed?: string;
  jobs?: { pollMs?: number; maxAttempts?: number; baseBackoffMs?: number };
  log?: (line: string) => void;
}

export interface SandboxHandle {
  url: string;
  port: number;
  close(): Promise<void>;
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
    onGiveUp: ({ type, ref, tenantId }) => {
      if (type !== 'carrier.label') return 'failed';
      if (defects.has('silent-job-drop')) return 'succeeded';
      // The shipment says it has no label, so a clerk (or a scenario) sees it needs attention.
      db.run("UPDATE shipments SET label_status = 'failed' WHERE tenant_id = ? AND number = ?", [tenantId, ref]);
      return 'failed';
    },
  });
  registerPartnerJobs({ db, jobs, partners: options.partners, defects });
  registerEdiJobs({ db, jobs, partners: options.partners, defects });
  registerSupplierJobs({ db, jobs, partners: options.partners, defects });

  const startedAt = new Date().toISOString();
  const router = createRouter();
  // Like many real services, health answers 200 whenever the web tier and its database are up,
  // whatever the job worker does: its heartbeat is there for whoever reads it.
  router.add('GET', '/health', () =>
    db.isAvailable()
      ? { json: { status: 'ok', db: 'ok', jobs: jobs.liveness() } }
      : { status: 503, json: { status: 'unavailable', db: 'unavailable' } },
  );
  router.add('GET', '/version', () => ({
    json: { name: 'rehearse-sandbox-erp', version: VERSION, commit: process.env.SANDBOX_COMMIT ?? 'local', startedAt },
  }));
  router.add('GET', '/openapi.json', () => ({ json: openApiDocument(VERSION) }));
  registerAdminRoutes(router, { db, defects, adminToken: options.adminToken });
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
  jobs.start();
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    async close() {
      await jobs.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}
