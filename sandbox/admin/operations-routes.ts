import { Type } from '../../src/core/typebox.js';
import { ApiError } from '../http/api-error.js';
import { readJson } from '../http/read-body.js';
import type { RequestContext, Router } from '../http/router.js';
import { validateBody } from '../http/validate-body.js';
import { LOCKABLE_TABLES } from '../operations/migration-locks.js';
import type { Operations } from '../operations/operations.js';
import { requireAdmin } from './admin-routes.js';

const Mode = Type.Union([Type.Literal('restart'), Type.Literal('blue-green')]);
const DowntimeMs = Type.Integer({ minimum: 0, maximum: 600_000 });
const ReleaseSchema = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$' }),
    downtimeMs: Type.Optional(DowntimeMs),
    mode: Type.Optional(Mode),
  },
  { additionalProperties: false },
);
const RollbackSchema = Type.Object(
  { downtimeMs: Type.Optional(DowntimeMs), mode: Type.Optional(Mode) },
  { additionalProperties: false },
);
const MigrationSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    lockMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
    tables: Type.Optional(Type.Array(Type.Union(LOCKABLE_TABLES.map((t) => Type.Literal(t))), { minItems: 1 })),
    lockWaitMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
  },
  { additionalProperties: false },
);

/** An empty body is `{}`: `POST /admin/rollback` needs none. */
async function body(ctx: RequestContext): Promise<unknown> {
  const length = Number(ctx.req.headers['content-length'] ?? 0);
  if (length === 0 && !ctx.req.headers['transfer-encoding']) return {};
  return readJson(ctx.req);
}

/**
 * The recovery operations of the admin API (admin token): snapshots and restore, releases and
 * rollback, locking migrations, and the job worker's stop and start. See sandbox/README.md.
 */
export function registerOperationsRoutes(router: Router, ops: Operations, adminToken: string): void {
  const admin = (ctx: RequestContext) => requireAdmin(ctx, adminToken);

  router.add('POST', '/admin/snapshots', (ctx) => {
    admin(ctx);
    return { status: 201, json: ops.snapshots.take() };
  });
  router.add('GET', '/admin/snapshots', (ctx) => {
    admin(ctx);
    return { json: { snapshots: ops.snapshots.list() } };
  });
  router.add('POST', '/admin/snapshots/:id/restore', async (ctx) => {
    admin(ctx);
    return { json: await ops.snapshots.restore(ctx.params.id ?? 'latest') };
  });

  router.add('POST', '/admin/release', async (ctx) => {
    admin(ctx);
    const request = validateBody(ReleaseSchema, await body(ctx), 'the release');
    return { json: await ops.releases.release(request) };
  });
  router.add('POST', '/admin/rollback', async (ctx) => {
    admin(ctx);
    const request = validateBody(RollbackSchema, await body(ctx), 'the rollback');
    return { json: await ops.releases.rollback(request) };
  });
  router.add('GET', '/admin/releases', (ctx) => {
    admin(ctx);
    return { json: { current: ops.releases.current(), history: ops.releases.history() } };
  });

  router.add('POST', '/admin/migrations', async (ctx) => {
    admin(ctx);
    const request = validateBody(MigrationSchema, await body(ctx), 'the migration');
    return { status: 202, json: ops.locks.start(request) };
  });
  router.add('GET', '/admin/migrations', (ctx) => {
    admin(ctx);
    return { json: { migrations: ops.locks.list() } };
  });

  // The worker's progress: besides running, in flight and waiting, the jobs held up by a migration's lock.
  const worker = () => ({ ...ops.jobs.state(), lockWaits: ops.locks.waitingJobs() });
  router.add('GET', '/admin/worker', (ctx) => {
    admin(ctx);
    return { json: worker() };
  });
  router.add('POST', '/admin/worker/stop', (ctx) => {
    admin(ctx);
    // Answers at once: what is in flight finishes in the background (`inFlight` counts it down).
    void ops.jobs.pause('operator');
    return { json: worker() };
  });
  router.add('POST', '/admin/worker/start', async (ctx) => {
    admin(ctx);
    if (!ops.jobs.started())
      throw new ApiError(
        409,
        'WORKER_NOT_CONNECTED',
        'Failed to start the job worker: the partners are not connected yet.',
      );
    await ops.jobs.resume('operator');
    return { json: worker() };
  });
}
