import type { Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Defects } from './defects.js';

/** What domain functions need: the database, the tenant acting, the job queue and the switched-on defects. */
export interface TenantContext {
  db: Db;
  tenantId: string;
  jobs: JobQueue;
  defects: Defects;
}

/** Next number of a per-tenant sequence: `SO-000042`. */
export function nextNumber(db: Db, tenantId: string, prefix: string): string {
  const row = db.get<{ value: number }>('SELECT value FROM counters WHERE tenant_id = ? AND name = ?', [
    tenantId,
    prefix,
  ]);
  const value = (row?.value ?? 0) + 1;
  db.run(
    'INSERT INTO counters (tenant_id, name, value) VALUES (?, ?, ?) ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value',
    [tenantId, prefix, value],
  );
  return `${prefix}-${String(value).padStart(6, '0')}`;
}

export const nowIso = () => new Date().toISOString();
