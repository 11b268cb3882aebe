import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import { ApiError } from '../http/api-error.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Snapshots } from './snapshots.js';

/** What `/version` says of the instance serving now; `startedAt` is ISO 8601 UTC. */
export interface Deployment {
  version: string;
  commit: string;
  startedAt: string;
}

export type ReleaseMode = 'restart' | 'blue-green';

/** The answer of a release or a rollback: durations in ms, times ISO 8601 UTC. */
export interface ReleaseResult {
  version: string;
  previous: string;
  mode: ReleaseMode;
  downtimeMs: number;
  startedAt: string;
  finishedAt: string;
}

interface Live extends Deployment {
  /** The database as it was just before this version went live (a pre-release backup). */
  backup?: Uint8Array;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The longest a restart waits for requests in flight to finish (graceful shutdown), in ms. */
const DRAIN_MS = 5_000;

/**
 * Releases of the sandbox as a new version, and rollbacks, behind its one URL. The database is
 * the same across versions. With `restart`, the instance stops taking requests (the API answers
 * 503 `RESTARTING`, with `Retry-After`), lets those in flight finish, stops its job worker, and
 * the new version serves `downtimeMs` later. With `blue-green`, a second instance starts (taking
 * `downtimeMs` to be ready) while the first one serves; traffic then switches at once, with
 * no request failed. The admin API (`/admin/*`) answers throughout, as a separate control plane.
 *
 * @example
 * const releases = new Releases({ db, jobs, defects, snapshots, initial: { version: '1.4.2', commit: 'local', startedAt } });
 * await releases.release({ version: '1.5.0', mode: 'blue-green', downtimeMs: 1000 });
 * await releases.rollback({});
 */
export class Releases {
  private readonly live: Live[];
  /** Why requests are refused now (a restart, an instance not ready yet), or undefined. */
  private down: { code: string; message: string } | undefined;
  private busy = false;
  private inFlight = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly deps: { db: Db; jobs: JobQueue; defects: Defects; snapshots: Snapshots; initial: Deployment },
  ) {
    this.live = [deps.initial];
  }

  /** The version serving now. */
  current(): Deployment {
    const { version, commit, startedAt } = this.live.at(-1)!;
    return { version, commit, startedAt };
  }

  /** Versions from the first to the current one. */
  history(): Deployment[] {
    return this.live.map(({ version, commit, startedAt }) => ({ version, commit, startedAt }));
  }

  /**
   * Runs one application request through the release's state: a 503 (`RESTARTING`, or
   * `STARTING` for an instance that is not ready) while there is no instance to serve it;
   * otherwise it runs and is counted, so a restart can wait for it to finish.
   */
  async serve<T>(handle: () => Promise<T>): Promise<T> {
    if (this.down) throw new ApiError(503, this.down.code, this.down.message, { headers: { 'retry-after': '1' } });
    this.inFlight++;
    try {
      return await handle();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  /** Deploys `version`; resolves when it serves. Throws `ApiError` 409 `RELEASE_IN_PROGRESS` during another one. */
  async release(request: { version: string; mode?: ReleaseMode; downtimeMs?: number }): Promise<ReleaseResult> {
    return this.exclusive(async () => {
      const previous = this.current().version;
      // Taken for whoever wants to go back by restoring it; a correct rollback never does.
      const backup = this.deps.db.exportBytes();
      const started = new Date();
      await this.switchTo(request.mode ?? 'restart', request.downtimeMs ?? 1500, () => {
        this.live.push({
          version: request.version,
          commit: `release-${request.version}`,
          startedAt: new Date().toISOString(),
          backup,
        });
      });
      return this.result(previous, request.mode ?? 'restart', request.downtimeMs ?? 1500, started);
    });
  }

  /**
   * Goes back to the version before the current one, the same way a release goes.
   * Throws `ApiError` 409 `NO_PREVIOUS_VERSION` when the current one is the first.
   */
  async rollback(request: { mode?: ReleaseMode; downtimeMs?: number }): Promise<ReleaseResult> {
    return this.exclusive(async () => {
      if (this.live.length < 2)
        throw new ApiError(
          409,
          'NO_PREVIOUS_VERSION',
          `Failed to roll back: ${this.current().version} is the first version this sandbox ran. Release one first (POST /admin/release).`,
        );
      const { db, defects, snapshots } = this.deps;
      const leaving = this.live.at(-1)!;
      const previous = leaving.version;
      const mode = request.mode ?? 'restart';
      const downtimeMs = request.downtimeMs ?? 1500;
      const started = new Date();
      await this.switchTo(mode, downtimeMs, async () => {
        this.live.pop();
        const back = this.live.at(-1)!;
        back.startedAt = new Date().toISOString();
        // The defects: the rollback runbook restores the pre-release backup (every write since the
        // release is gone), or the old version cannot read the jobs the new one queued and drops them.
        if (defects.has('rollback-restores-pre-release-backup') && leaving.backup)
          await snapshots.restoreBytes(leaving.backup);
        if (defects.has('rollback-drops-queue'))
          db.run("DELETE FROM jobs WHERE status IN ('queued', 'retrying') AND created_at >= ?", [leaving.startedAt]);
      });
      return this.result(previous, mode, downtimeMs, started);
    });
  }

  private async switchTo(mode: ReleaseMode, downtimeMs: number, goLive: () => void | Promise<void>): Promise<void> {
    const { jobs, defects } = this.deps;
    if (mode === 'blue-green') {
      // The defect: traffic moves to the green instance before its readiness check passed.
      if (defects.has('blue-green-skips-readiness')) {
        this.down = { code: 'STARTING', message: 'Failed to serve: the instance is still starting. Retry shortly.' };
        try {
          await goLive();
          await sleep(downtimeMs);
        } finally {
          this.down = undefined;
        }
        return;
      }
      await sleep(downtimeMs); // green starts while blue serves
      await goLive(); // one synchronous switch: every request after it meets the new version
      return;
    }
    this.down = {
      code: 'RESTARTING',
      message: 'Failed to serve: the sandbox is restarting for a release. Retry shortly.',
    };
    try {
      await this.drain();
      await jobs.pause('release');
      try {
        await sleep(downtimeMs);
        await goLive();
      } finally {
        // Lets go of the release's hold only: a worker an operator stopped, before the restart or
        // during it, stays stopped, and their start resumes the jobs.
        await jobs.resume('release');
      }
    } finally {
      this.down = undefined;
    }
  }

  private drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return Promise.race([new Promise<void>((resolve) => this.idle.push(resolve)), sleep(DRAIN_MS)]);
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy)
      throw new ApiError(
        409,
        'RELEASE_IN_PROGRESS',
        'Failed to start a release: another release or rollback is running. Wait for it to finish.',
      );
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  private result(previous: string, mode: ReleaseMode, downtimeMs: number, started: Date): ReleaseResult {
    return {
      version: this.current().version,
      previous,
      mode,
      downtimeMs,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
    };
  }
}
