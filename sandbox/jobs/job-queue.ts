import type { Db } from '../db/database.js';
import { currentTraceparent, withTraceparent } from '../http/trace-context.js';

/** A failure the queue may retry (partner 5xx/429, reset, timeout) or not (4xx: the request is wrong). */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

export type JobHandler = (job: {
  id: number;
  tenantId: string;
  ref: string;
  payload: unknown;
  attempt: number;
}) => Promise<unknown>;

/**
 * Waits until a job may write its tables (a migration's lock) and resolves to how long it waited
 * (ms, 0 when it did not); a rejection with `JobFailure` fails the attempt like the handler would.
 */
export type JobLockWait = (job: { id: number; type: string; ref: string }) => Promise<number>;

/**
 * Who holds the worker stopped: an operator (`POST /admin/worker/stop`), a restart release, a
 * restore. The worker runs again only when nobody does, so a release ending does not undo an
 * operator's stop, nor an operator's start a release's.
 */
export type WorkerHold = 'operator' | 'release' | 'restore';

export interface JobQueueOptions {
  pollMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  concurrency?: number;
  /** When true, the worker does nothing and does not beat (the job-worker-stalled defect hooks here). */
  stalled?: () => boolean;
  /**
   * When true at a worker restart (`pause` then `resume`), the jobs the worker finished in the
   * last `ackWindowMs` before it stopped are delivered again (the worker-redelivers-on-restart
   * defect hooks here).
   */
  redeliversOnRestart?: () => boolean;
  /** How far back (ms) a finished job counts as not yet acknowledged, for `redeliversOnRestart`. */
  ackWindowMs?: number;
  /** What happens to a job that exhausted its attempts (the silent-job-drop defect hooks here). */
  onGiveUp?: (job: { id: number; type: string; ref: string; tenantId: string }) => 'failed' | 'succeeded';
}

interface JobRow {
  id: number;
  tenant_id: string;
  type: string;
  ref: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  next_attempt_at: number;
  history: string;
  result: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  traceparent: string | null;
}

/** The job as the API shows it. */
export function presentJob(row: JobRow) {
  return {
    id: row.id,
    type: row.type,
    ref: row.ref,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    nextRunAt:
      row.status === 'queued' || row.status === 'retrying' ? new Date(row.next_attempt_at).toISOString() : null,
    history: JSON.parse(row.history) as unknown,
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/**
 * A durable job queue in the sandbox's database: partner calls never happen
 * inside a request. A job is retried with exponential backoff while its
 * failures are retryable; a job running when the process stopped is picked
 * up again at the next start, so work is delayed, never lost.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();
  private readonly options: Required<Omit<JobQueueOptions, 'onGiveUp' | 'stalled' | 'redeliversOnRestart'>> &
    Pick<JobQueueOptions, 'onGiveUp' | 'stalled' | 'redeliversOnRestart'>;
  /** Stopped through the admin API (or for a restart, a restore): no polling, no beat. */
  private paused = false;
  /** Who holds it stopped now; it is paused while any does (and until what was in flight finished). */
  private readonly holds = new Set<WorkerHold>();
  /** Resolves when the jobs in flight at the last `pause` have finished. */
  private draining: Promise<void> = Promise.resolve();
  /** Jobs that succeeded lately (id, epoch ms), for the redelivery defect. */
  private recentlyDone: Array<{ id: number; at: number }> = [];
  /** Jobs the redelivery defect will hand out again at the next `resume`. */
  private unacked: number[] = [];
  /** When the worker last polled for due jobs (epoch ms): its heartbeat. */
  private lastBeat: number | undefined;
  /** Run before each job's handler; set by the operations (`waitForLocksWith`). */
  private lockWait: JobLockWait | undefined;

  constructor(
    private readonly db: Db,
    options: JobQueueOptions = {},
  ) {
    this.options = {
      pollMs: options.pollMs ?? 25,
      maxAttempts: options.maxAttempts ?? 5,
      baseBackoffMs: options.baseBackoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
      concurrency: options.concurrency ?? 4,
      ackWindowMs: options.ackWindowMs ?? 5_000,
      redeliversOnRestart: options.redeliversOnRestart,
      onGiveUp: options.onGiveUp,
      stalled: options.stalled,
    };
  }

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  /**
   * Makes each job wait for the locks of the tables it writes before its handler runs, as a
   * request does. The job is in flight while it waits (a stop lets it finish), and a wait shows
   * in its history entry as `lockWaitMs`.
   *
   * @example
   * jobs.waitForLocksWith((job) => locks.waitForJob(job));
   */
  waitForLocksWith(wait: JobLockWait): void {
    this.lockWait = wait;
  }

  /**
   * Adds a job inside the caller's transaction (so the job exists iff the change that needs it was committed).
   * The job keeps the trace context of the work that queued it, and runs in it.
   */
  enqueue(tenantId: string, type: string, ref: string, payload: unknown): number {
    const now = new Date().toISOString();
    return this.db.run(
      `INSERT INTO jobs (tenant_id, type, ref, payload, status, max_attempts, next_attempt_at, created_at, updated_at,
         traceparent) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
      [
        tenantId,
        type,
        ref,
        JSON.stringify(payload),
        this.options.maxAttempts,
        Date.now(),
        now,
        now,
        currentTraceparent() ?? null,
      ],
    ).lastId;
  }

  list(tenantId: string, filter: { type?: string; status?: string; ref?: string }) {
    return this.db
      .all<JobRow>(
        `SELECT * FROM jobs WHERE tenant_id = ? AND (? IS NULL OR type = ?) AND (? IS NULL OR status = ?)
         AND (? IS NULL OR ref = ?) ORDER BY id`,
        [
          tenantId,
          filter.type ?? null,
          filter.type ?? null,
          filter.status ?? null,
          filter.status ?? null,
          filter.ref ?? null,
          filter.ref ?? null,
        ],
      )
      .map(presentJob);
  }

  get(tenantId: string, id: number) {
    const row = this.db.get<JobRow>('SELECT * FROM jobs WHERE tenant_id = ? AND id = ?', [tenantId, id]);
    return row ? presentJob(row) : undefined;
  }

  /**
   * The worker as `/health` shows it: its last beat (ISO, UTC; null before the first), and the
   * jobs waiting to run — how many and since when the oldest has waited.
   */
  liveness(): { heartbeatAt: string | null; waiting: number; oldestWaitingSince: string | null } {
    const row = this.db.get<{ waiting: number; oldest: string | null }>(
      "SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest FROM jobs WHERE status IN ('queued', 'retrying')",
      [],
    );
    return {
      heartbeatAt: this.lastBeat === undefined ? null : new Date(this.lastBeat).toISOString(),
      waiting: row?.waiting ?? 0,
      oldestWaitingSince: row?.oldest ?? null,
    };
  }

  /** True once `start` ran (the partners are connected) and until `stop`. */
  started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.db.run("UPDATE jobs SET status = 'retrying' WHERE status = 'running'");
    this.timer = setInterval(() => this.tick(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.running]);
  }

  /**
   * Stops taking jobs on behalf of `hold` (the worker's stop): no more polling and no heartbeat,
   * so `/health`'s `jobs.heartbeatAt` ages. Jobs queued meanwhile wait in the database. Resolves
   * once the jobs in flight have finished and written their results; `state().inFlight` counts
   * them until then.
   *
   * @example
   * await jobs.pause('release'); // ... the new version goes live ...
   * await jobs.resume('release'); // runs again unless an operator stopped it meanwhile
   */
  async pause(hold: WorkerHold): Promise<void> {
    this.holds.add(hold);
    if (!this.paused) {
      this.paused = true;
      const inFlight = [...this.running];
      this.draining = Promise.allSettled(inFlight).then(() => {
        if (!this.options.redeliversOnRestart?.()) return;
        // The defect: finished jobs are acknowledged in batches, and the batch open at the stop is lost.
        const since = Date.now() - this.options.ackWindowMs;
        this.unacked = this.recentlyDone.filter((d) => d.at >= since).map((d) => d.id);
      });
    }
    await this.draining;
  }

  /**
   * Lets go of `hold`'s stop. When nobody else holds the worker stopped, it takes jobs again once
   * what was in flight has finished: a job left `running` (only a restored snapshot has such rows
   * then) runs again, once; queued jobs run once each.
   */
  async resume(hold: WorkerHold): Promise<void> {
    this.holds.delete(hold);
    await this.draining;
    if (!this.paused || this.holds.size > 0) return;
    this.db.run("UPDATE jobs SET status = 'retrying' WHERE status = 'running'");
    if (this.unacked.length > 0 && this.options.redeliversOnRestart?.()) {
      const now = Date.now();
      for (const id of this.unacked)
        this.db.run(
          "UPDATE jobs SET status = 'queued', next_attempt_at = ?, finished_at = NULL WHERE id = ? AND status = 'succeeded'",
          [now, id],
        );
    }
    this.unacked = [];
    this.paused = false;
  }

  /**
   * The worker as `GET /admin/worker` shows it: `running` (started and not stopped), `stoppedBy`
   * (who holds it stopped), `inFlight` (jobs being run now) and `waiting` (queued or retrying in
   * the database).
   */
  state(): { running: boolean; stoppedBy: WorkerHold[]; inFlight: number; waiting: number } {
    const waiting =
      this.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'retrying')", [])?.n ?? 0;
    return {
      running: this.timer !== undefined && !this.paused,
      stoppedBy: [...this.holds].sort(),
      inFlight: this.running.size,
      waiting,
    };
  }

  private tick(): void {
    if (this.paused) return;
    if (!this.db.isAvailable() || this.options.stalled?.()) return;
    this.lastBeat = Date.now();
    const free = this.options.concurrency - this.running.size;
    if (free <= 0) return;
    const due = this.db.all<JobRow>(
      "SELECT * FROM jobs WHERE status IN ('queued', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
      [Date.now(), free],
    );
    for (const row of due) {
      this.db.run("UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?", [
        new Date().toISOString(),
        row.id,
      ]);
      const work = this.run(row).finally(() => this.running.delete(work));
      this.running.add(work);
    }
  }

  private async run(row: JobRow): Promise<void> {
    const attempt = row.attempts + 1;
    const handler = this.handlers.get(row.type);
    const history = JSON.parse(row.history) as Array<Record<string, unknown>>;
    const finish = (fields: Record<string, unknown>) => {
      const now = new Date().toISOString();
      const sets = Object.keys(fields).map((k) => `${k} = ?`);
      this.db.run(`UPDATE jobs SET ${sets.join(', ')}, history = ?, updated_at = ? WHERE id = ?`, [
        ...(Object.values(fields) as Array<string | number | null>),
        JSON.stringify(history),
        now,
        row.id,
      ]);
    };
    try {
      if (!handler) throw new JobFailure(`no handler for job type ${row.type}`, false);
      const lockWaitMs = (await this.lockWait?.({ id: row.id, type: row.type, ref: row.ref })) ?? 0;
      const result = await withTraceparent(row.traceparent ?? undefined, () =>
        handler({
          id: row.id,
          tenantId: row.tenant_id,
          ref: row.ref,
          payload: JSON.parse(row.payload) as unknown,
          attempt,
        }),
      );
      history.push({
        attempt,
        at: new Date().toISOString(),
        outcome: 'succeeded',
        ...(lockWaitMs > 0 ? { lockWaitMs } : {}),
      });
      this.recentlyDone.push({ id: row.id, at: Date.now() });
      // Only the last ack window is ever read back; keep the list from growing with the run.
      if (this.recentlyDone.length > 1000) this.recentlyDone = this.recentlyDone.slice(-500);
      finish({ status: 'succeeded', result: JSON.stringify(result ?? null), finished_at: new Date().toISOString() });
    } catch (error) {
      const failure = error instanceof JobFailure ? error : new JobFailure(String((error as Error).message), false);
      history.push({
        attempt,
        at: new Date().toISOString(),
        outcome: 'failed',
        error: failure.message,
        status: failure.statusCode ?? null,
      });
      const common = { last_error: failure.message, last_status_code: failure.statusCode ?? null };
      if (failure.retryable && attempt < row.max_attempts) {
        const backoff = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
        finish({ ...common, status: 'retrying', next_attempt_at: Date.now() + backoff });
        return;
      }
      const verdict =
        this.options.onGiveUp?.({ id: row.id, type: row.type, ref: row.ref, tenantId: row.tenant_id }) ?? 'failed';
      finish({ ...common, status: verdict, finished_at: new Date().toISOString() });
    }
  }
}
