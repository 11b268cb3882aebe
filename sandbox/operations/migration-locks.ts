import { ApiError } from '../http/api-error.js';
import type { Defects } from '../domain/defects.js';

/** A migration as the admin API shows it; times are ISO 8601 UTC, durations ms. */
export interface MigrationInfo {
  id: string;
  name: string;
  tables: string[];
  lockMs: number;
  lockWaitMs: number;
  startedAt: string;
  /** When the lock is released (or was): start + lockMs, later with `migration-lock-overruns`. */
  releasedAt: string;
  status: 'locking' | 'done';
}

interface Migration extends MigrationInfo {
  /** Reads wait too (`migration-locks-reads`). */
  blocksReads: boolean;
  released: Promise<void>;
}

/** The tables a request to this path touches; whoever matches nothing waits for no lock. */
const ROUTE_TABLES: Array<{ path: RegExp; tables: string[] }> = [
  { path: /^\/api\/v1\/sales-orders\/[^/]+\/ship\/?$/, tables: ['sales_orders', 'order_lines', 'stock', 'shipments'] },
  { path: /^\/api\/v1\/sales-orders\/[^/]+\/(allocate|cancel)\/?$/, tables: ['sales_orders', 'order_lines', 'stock'] },
  { path: /^\/api\/v1\/sales-orders(\/|$)/, tables: ['sales_orders', 'order_lines'] },
  { path: /^\/orders\/[^/]+\/ship\/?$/, tables: ['sales_orders', 'order_lines', 'stock', 'shipments'] },
  { path: /^\/orders(\/|$)/, tables: ['sales_orders', 'order_lines', 'stock'] },
  { path: /^\/edi\/inbound\/?$/, tables: ['sales_orders', 'order_lines', 'edi_messages'] },
  { path: /^\/(api\/v1\/)?shipments(\/|$)/, tables: ['shipments'] },
  { path: /^\/(api\/v1\/)?invoices(\/|$)/, tables: ['invoices'] },
  { path: /^\/api\/v1\/stock(\/|$)/, tables: ['stock'] },
  { path: /^\/api\/v1\/items(\/|$)/, tables: ['items'] },
  { path: /^\/(api\/v1\/)?purchase-orders(\/|$)/, tables: ['purchase_orders', 'po_lines'] },
  { path: /^\/(api\/v1\/mrp-runs|mrp)(\/|$)/, tables: ['mrp_runs'] },
  { path: /^\/api\/v1\/edi\/messages(\/|$)/, tables: ['edi_messages'] },
];

/**
 * The tables a job of each type writes, as its handler does (sandbox/jobs, sandbox/edi/outbound.ts,
 * sandbox/domain/mrp): a job waits for their locks before it starts, as a request does. A type not
 * listed waits for no lock.
 */
const JOB_TABLES: Record<string, string[]> = {
  'carrier.label': ['shipments'],
  // Drafts and posts the invoice; an EDI customer's 810 is queued with it.
  'invoice.post': ['invoices', 'edi_messages'],
  'payment.capture': ['invoices'],
  'edi.deliver': ['edi_messages'],
  'supplier.po': ['purchase_orders', 'po_lines'],
  'mrp.run': ['mrp_runs', 'purchase_orders', 'po_lines'],
};

/** Tables a migration may lock: the ones requests and jobs wait on. */
export const LOCKABLE_TABLES = [
  ...new Set([...ROUTE_TABLES.flatMap((r) => r.tables), ...Object.values(JOB_TABLES).flat()]),
].sort();

/** A job of the worker waiting for a migration's lock now, as `GET /admin/worker` shows it. */
export interface JobLockWait {
  job: number;
  type: string;
  ref: string;
  /** The migration holding a table the job writes (`mig-1`), and its name. */
  migration: string;
  name: string;
  /** When the job began to wait, ISO 8601 UTC. */
  since: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Migrations that hold a table lock for a while, as `ALTER TABLE` on a busy table does: while
 * one holds a table, requests that write it (reads too with `migration-locks-reads`) wait for
 * the lock, so their latency grows by the wait; one that would wait longer than the lock wait
 * budget fails with 503 `LOCK_TIMEOUT` after waiting the budget, as `lock_timeout` makes a
 * database do.
 *
 * @example
 * const locks = new MigrationLocks({ defects, lockWaitMs: 5000 });
 * locks.start({ name: 'add-incoterms', lockMs: 8000, tables: ['sales_orders'] });
 * await locks.waitFor('POST', '/api/v1/sales-orders'); // waits ≤ 5 s, then 503 LOCK_TIMEOUT
 */
export class MigrationLocks {
  private readonly migrations: Migration[] = [];
  private next = 1;
  /** Jobs waiting for a lock now, by job id. */
  private readonly jobWaits = new Map<number, JobLockWait>();

  constructor(private readonly deps: { defects: Defects; lockWaitMs: number }) {}

  /** Takes the lock now; it is released after `lockMs` (three times that with `migration-lock-overruns`). */
  start(request: { name: string; lockMs: number; tables?: string[]; lockWaitMs?: number }): MigrationInfo {
    const { defects } = this.deps;
    // The defect: the backfill that follows the DDL runs in the same transaction, under the same lock.
    const heldMs = defects.has('migration-lock-overruns') ? request.lockMs * 3 : request.lockMs;
    const startedAt = Date.now();
    const migration: Migration = {
      id: `mig-${this.next++}`,
      name: request.name,
      tables: request.tables?.length ? [...new Set(request.tables)] : ['sales_orders', 'order_lines'],
      lockMs: request.lockMs,
      lockWaitMs: request.lockWaitMs ?? this.deps.lockWaitMs,
      startedAt: new Date(startedAt).toISOString(),
      releasedAt: new Date(startedAt + heldMs).toISOString(),
      status: 'locking',
      blocksReads: defects.has('migration-locks-reads'),
      released: sleep(heldMs).then(() => {
        migration.status = 'done';
      }),
    };
    this.migrations.push(migration);
    return present(migration);
  }

  /** Oldest first. */
  list(): MigrationInfo[] {
    return this.migrations.map(present);
  }

  /** Jobs of the worker waiting for a lock now, longest waiting first. */
  waitingJobs(): JobLockWait[] {
    return [...this.jobWaits.values()].map((wait) => ({ ...wait }));
  }

  /**
   * Waits until no migration holds a table this request needs. Throws `ApiError` 503
   * `LOCK_TIMEOUT` once it has waited a lock's wait budget without getting it.
   */
  async waitFor(method: string, path: string): Promise<void> {
    const tables = ROUTE_TABLES.find((r) => r.path.test(path))?.tables;
    if (!tables) return;
    await this.acquire({ tables, write: method !== 'GET' && method !== 'HEAD', what: `${method} ${path}` });
  }

  /**
   * Waits until no migration holds a table this job writes, as a request does, and resolves to
   * how long it waited (ms). Meanwhile `waitingJobs()` lists it. Throws `ApiError` 503
   * `LOCK_TIMEOUT` past a lock's wait budget (the worker retries the job then, with backoff).
   */
  async waitForJob(job: { id: number; type: string; ref: string }): Promise<number> {
    const tables = JOB_TABLES[job.type];
    if (!tables) return 0;
    const started = Date.now();
    let waited = false;
    try {
      await this.acquire({
        tables,
        write: true,
        what: `run job ${job.type} ${job.ref}`,
        waiting: (holder) => {
          waited = true;
          this.jobWaits.set(job.id, {
            job: job.id,
            type: job.type,
            ref: job.ref,
            migration: holder.id,
            name: holder.name,
            since: this.jobWaits.get(job.id)?.since ?? new Date(started).toISOString(),
          });
        },
      });
    } finally {
      this.jobWaits.delete(job.id);
    }
    return waited ? Date.now() - started : 0;
  }

  private async acquire(request: {
    tables: string[];
    write: boolean;
    /** What waits, for the LOCK_TIMEOUT message: `POST /api/v1/sales-orders`, `run job carrier.label SH-000001`. */
    what: string;
    waiting?: (holder: Migration) => void;
  }): Promise<void> {
    const { tables, write, what } = request;
    for (;;) {
      const holder = this.migrations.find(
        (m) => m.status === 'locking' && (write || m.blocksReads) && m.tables.some((t) => tables.includes(t)),
      );
      if (!holder) return;
      request.waiting?.(holder);
      const timedOut = await Promise.race([
        holder.released.then(() => false),
        sleep(holder.lockWaitMs).then(() => true),
      ]);
      if (timedOut)
        throw new ApiError(
          503,
          'LOCK_TIMEOUT',
          `Failed to ${what}: migration ${holder.name} holds ${holder.tables.join(', ')}, and the lock was not granted within ${holder.lockWaitMs} ms. Retry once it is released (${holder.releasedAt}).`,
          {
            headers: {
              'retry-after': String(Math.max(1, Math.ceil((Date.parse(holder.releasedAt) - Date.now()) / 1000))),
            },
          },
        );
    }
  }
}

function present({ blocksReads: _reads, released: _released, ...info }: Migration): MigrationInfo {
  return { ...info };
}
