import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import { ApiError } from '../http/api-error.js';
import type { JobQueue } from '../jobs/job-queue.js';

/** A snapshot as the admin API shows it: `takenAt` is ISO 8601 UTC, `bytes` the size of the SQLite file. */
export interface SnapshotInfo {
  id: string;
  takenAt: string;
  bytes: number;
}

interface Snapshot extends SnapshotInfo {
  data: Uint8Array;
}

/** How many snapshots are kept in memory; the oldest goes first. */
const KEEP = 20;
/** How far the replica behind a backup lags with `snapshot-from-lagging-replica` (ms). */
const REPLICA_LAG_MS = 5_000;
/** How often that replica catches up (ms). */
const REPLICA_EVERY_MS = 1_000;

/**
 * Snapshots of the whole database, kept in memory, and their restore. A restore stops the job
 * worker and lets what is in flight finish first (so no job writes into the restored data),
 * replaces the database, then starts the worker again: a job that was queued or running when the
 * snapshot was taken runs once. Two things are not rewound with the data, as in an ERP whose
 * identity store and number ranges live apart from the business database: access tokens and
 * screen sessions stay valid, and document numbers keep their high-water mark, so a lost order's
 * number never names a new order.
 *
 * @example
 * const snapshots = new Snapshots({ db, jobs, defects });
 * const { id } = snapshots.take();
 * await snapshots.restore(id);
 */
export class Snapshots {
  private readonly kept: Snapshot[] = [];
  private next = 1;
  /** Copies of the database every second while `snapshot-from-lagging-replica` is on (epoch ms, bytes). */
  private replica: Array<{ at: number; data: Uint8Array }> = [];
  private readonly timer: NodeJS.Timeout;
  private restoring: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { db: Db; jobs: JobQueue; defects: Defects }) {
    this.timer = setInterval(() => this.catchUpReplica(), REPLICA_EVERY_MS);
    this.timer.unref();
  }

  /** Exports the whole database now, as `snap-<n>`. */
  take(): SnapshotInfo {
    const { db, defects } = this.deps;
    // The defect: the backup reads a replica that is seconds behind, and says nothing of it.
    const data = defects.has('snapshot-from-lagging-replica') ? this.laggingCopy() : db.exportBytes();
    const snapshot: Snapshot = {
      id: `snap-${this.next++}`,
      takenAt: new Date().toISOString(),
      bytes: data.length,
      data,
    };
    this.kept.push(snapshot);
    if (this.kept.length > KEEP) this.kept.shift();
    return info(snapshot);
  }

  /** Oldest first. */
  list(): SnapshotInfo[] {
    return this.kept.map(info);
  }

  /**
   * Replaces the database with snapshot `id` (or the newest, for `latest`).
   * Throws `ApiError` 404 `SNAPSHOT_NOT_FOUND` when there is no such snapshot.
   */
  async restore(id: string): Promise<{ restored: string; takenAt: string }> {
    const snapshot = id === 'latest' ? this.kept.at(-1) : this.kept.find((s) => s.id === id);
    if (!snapshot)
      throw new ApiError(
        404,
        'SNAPSHOT_NOT_FOUND',
        `Failed to restore ${id}: no such snapshot. Kept: ${this.kept.map((s) => s.id).join(', ') || 'none'} (POST /admin/snapshots takes one).`,
      );
    await this.restoreBytes(snapshot.data);
    return { restored: snapshot.id, takenAt: snapshot.takenAt };
  }

  /** Replaces the database with these bytes, the worker stopped around it (one restore at a time). */
  restoreBytes(data: Uint8Array): Promise<void> {
    const run = this.restoring.then(() => this.replace(data));
    this.restoring = run.catch(() => undefined);
    return run;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async replace(data: Uint8Array): Promise<void> {
    const { jobs } = this.deps;
    await jobs.pause('restore');
    try {
      this.replaceData(data);
    } finally {
      // A worker an operator stopped (before the restore or during it) stays stopped: only the
      // restore's hold is let go, and their start resumes the jobs.
      await jobs.resume('restore');
    }
  }

  private replaceData(data: Uint8Array): void {
    const { db, defects } = this.deps;
    const tokens = db.all('SELECT * FROM access_tokens');
    const sessions = db.all('SELECT * FROM sessions');
    const sequences = db.all<{ name: string; value: number }>('SELECT name, value FROM sequences');
    const counters = db.all<{ tenant_id: string; name: string; value: number }>(
      'SELECT tenant_id, name, value FROM counters',
    );
    db.replaceWith(data);
    db.transaction(() => {
      for (const row of tokens) insertIfItsOwnerExists(db, 'access_tokens', row);
      for (const row of sessions) insertIfItsOwnerExists(db, 'sessions', row);
      for (const { name, value } of sequences)
        db.run(
          'INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)',
          [name, value],
        );
      for (const { tenant_id, name, value } of counters)
        insertIfItsOwnerExists(
          db,
          'counters',
          { tenant_id, name, value },
          'ON CONFLICT (tenant_id, name) DO UPDATE SET value = MAX(value, excluded.value)',
        );
      if (defects.has('restore-replays-jobs'))
        // The defect: the queue is rebuilt from every job row of the snapshot, finished ones too.
        db.run(
          `INSERT INTO jobs (tenant_id, type, ref, payload, status, attempts, max_attempts, next_attempt_at, history,
             created_at, updated_at, traceparent)
           SELECT tenant_id, type, ref, payload, 'queued', 0, max_attempts, ?, '[]', created_at, ?, traceparent
           FROM jobs WHERE status = 'succeeded' ORDER BY id`,
          [Date.now(), new Date().toISOString()],
        );
    });
  }

  private catchUpReplica(): void {
    if (!this.deps.defects.has('snapshot-from-lagging-replica')) {
      this.replica = [];
      return;
    }
    if (!this.deps.db.isAvailable()) return;
    this.replica.push({ at: Date.now(), data: this.deps.db.exportBytes() });
    const keepFrom = Date.now() - REPLICA_LAG_MS - 2 * REPLICA_EVERY_MS;
    this.replica = this.replica.filter((copy) => copy.at >= keepFrom);
  }

  /** The newest replica copy at least REPLICA_LAG_MS old, else the oldest there is, else the database now. */
  private laggingCopy(): Uint8Array {
    const before = Date.now() - REPLICA_LAG_MS;
    const old = this.replica.filter((copy) => copy.at <= before).at(-1) ?? this.replica[0];
    return old?.data ?? this.deps.db.exportBytes();
  }
}

function info({ id, takenAt, bytes }: Snapshot): SnapshotInfo {
  return { id, takenAt, bytes };
}

/** Carries a row across a restore when its tenant (and credential) still exist in the restored data. */
function insertIfItsOwnerExists(
  db: Db,
  table: string,
  row: Record<string, unknown>,
  onConflict = 'ON CONFLICT DO NOTHING',
): void {
  const columns = Object.keys(row);
  const values = columns.map((c) => row[c] as string | number | null);
  if (!db.get('SELECT 1 AS found FROM tenants WHERE id = ?', [row.tenant_id as string])) return;
  if (
    'credential_id' in row &&
    !db.get('SELECT 1 AS found FROM credentials WHERE id = ? AND tenant_id = ?', [
      row.credential_id as number,
      row.tenant_id as string,
    ])
  )
    return;
  db.run(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${onConflict}`,
    values,
  );
}
