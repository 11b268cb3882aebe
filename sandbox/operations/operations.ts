import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import type { Router } from '../http/router.js';
import { ApiError } from '../http/api-error.js';
import { JobFailure, type JobQueue } from '../jobs/job-queue.js';
import { MigrationLocks } from './migration-locks.js';
import { Releases, type Deployment } from './releases.js';
import { Snapshots } from './snapshots.js';

/** The sandbox's recovery operations: snapshots, releases, migration locks and the job worker. */
export interface Operations {
  db: Db;
  jobs: JobQueue;
  snapshots: Snapshots;
  releases: Releases;
  locks: MigrationLocks;
  close(): void;
}

/**
 * Builds the operations over one database and job queue. `lockWaitMs` is the default lock wait
 * budget of a migration (ms; `SANDBOX_LOCK_WAIT_MS`, else 5000).
 *
 * @example
 * const ops = createOperations({ db, jobs, defects, initial: { version: '1.4.2', commit: 'local', startedAt } });
 * const router = gatedRouter(createRouter(), ops);
 */
export function createOperations(deps: {
  db: Db;
  jobs: JobQueue;
  defects: Defects;
  initial: Deployment;
  lockWaitMs?: number;
}): Operations {
  const { db, jobs, defects, initial } = deps;
  const snapshots = new Snapshots({ db, jobs, defects });
  const releases = new Releases({ db, jobs, defects, snapshots, initial });
  const fromEnv = Number(process.env.SANDBOX_LOCK_WAIT_MS);
  const lockWaitMs = deps.lockWaitMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 5_000);
  const locks = new MigrationLocks({ defects, lockWaitMs });
  // Jobs wait for the locks of the tables they write, as requests do. A job that waited past the
  // budget fails this attempt as retryable (a 503, like the request's), so the worker tries again
  // with backoff instead of giving the job up.
  jobs.waitForLocksWith(async (job) => {
    try {
      return await locks.waitForJob(job);
    } catch (error) {
      if (error instanceof ApiError) throw new JobFailure(error.message, true, error.status);
      throw error;
    }
  });
  return { db, jobs, snapshots, releases, locks, close: () => snapshots.close() };
}

/**
 * A router whose application routes (everything but `/admin/*`, the control plane) go through
 * the release's state (503 while restarting) and wait for the migration locks they meet.
 */
export function gatedRouter(router: Router, ops: Pick<Operations, 'releases' | 'locks'>): Router {
  return {
    add: (method, path, handler) => router.add(method, path, handler),
    match(method, path) {
      const match = router.match(method, path);
      if (!match || !('handler' in match) || path.startsWith('/admin/')) return match;
      const { handler } = match;
      return {
        params: match.params,
        handler: (ctx) =>
          ops.releases.serve(async () => {
            await ops.locks.waitFor(method, path);
            return handler(ctx);
          }),
      };
    },
  };
}
