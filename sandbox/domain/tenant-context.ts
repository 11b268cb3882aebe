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

/**
 * Sales orders, shipments and invoices are numbered in one sequence for the whole sandbox (one
 * number range per document type), so a document number names one document: another tenant
 * asking for it by id gets 404, never its own document that happens to share the number.
 * Purchase and production orders (MRP) are numbered per tenant.
 */
const SHARED_SEQUENCES: ReadonlySet<string> = new Set(['SO', 'SH', 'INV']);

/** Next number of a sequence: `SO-000042`. */
export function nextNumber(db: Db, tenantId: string, prefix: string): string {
  const value = SHARED_SEQUENCES.has(prefix) ? nextShared(db, prefix) : nextOfTenant(db, tenantId, prefix);
  return `${prefix}-${String(value).padStart(6, '0')}`;
}

function nextOfTenant(db: Db, tenantId: string, prefix: string): number {
  const row = db.get<{ value: number }>('SELECT value FROM counters WHERE tenant_id = ? AND name = ?', [
    tenantId,
    prefix,
  ]);
  const value = (row?.value ?? 0) + 1;
  db.run(
    'INSERT INTO counters (tenant_id, name, value) VALUES (?, ?, ?) ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value',
    [tenantId, prefix, value],
  );
  return value;
}

function nextShared(db: Db, prefix: string): number {
  // A data directory written before the shared sequences starts above every tenant's own numbers.
  const row =
    db.get<{ value: number }>('SELECT value FROM sequences WHERE name = ?', [prefix]) ??
    db.get<{ value: number }>('SELECT COALESCE(MAX(value), 0) AS value FROM counters WHERE name = ?', [prefix]);
  const value = (row?.value ?? 0) + 1;
  db.run('INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [
    prefix,
    value,
  ]);
  return value;
}

export const nowIso = () => new Date().toISOString();
