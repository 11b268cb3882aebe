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

export interface JobQueueOptions {
  pollMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  concurrency?: number;
  /** When true, the worker does nothing and does not beat (the job-worker-stalled defect hooks here). */
  stalled?: () => boolean;
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
  private readonly options: Required<Omit<JobQueueOptions, 'onGiveUp' | 'stalled'>> &
    Pick<JobQueueOptions, 'onGiveUp' | 'stalled'>;
  /** When the worker last polled for due jobs (epoch ms): its heartbeat. */
  private lastBeat: number | undefined;

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
      onGiveUp: options.onGiveUp,
      stalled: options.stalled,
    };
  }

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
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

  private tick(): void {
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
      const result = await withTraceparent(row.traceparent ?? undefined, () =>
        handler({
          id: row.id,
          tenantId: row.tenant_id,
          ref: row.ref,
          payload: JSON.parse(row.payload) as unknown,
          attempt,
        }),
      );
      history.push({ attempt, at: new Date().toISOString(), outcome: 'succeeded' });
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
