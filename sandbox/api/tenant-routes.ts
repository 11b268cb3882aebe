import { authenticate } from '../auth/credentials.js';
import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import type { TenantContext } from '../domain/tenant-context.js';
import type { Handler, RequestContext, Router } from '../http/router.js';
import type { JobQueue } from '../jobs/job-queue.js';

/** What tenant-scoped routes need to build a `TenantContext`. */
export interface ApiDeps {
  db: Db;
  jobs: JobQueue;
  defects: Defects;
}

export type TenantHandler = (tenant: TenantContext, ctx: RequestContext) => ReturnType<Handler>;

/**
 * Adds routes that authenticate first and see only the caller's tenant.
 *
 * @example
 * const api = tenantRoutes(router, deps, '/api/v1');
 * api('GET', '/items', (t) => ({ json: listItems(t) }));
 */
export function tenantRoutes(router: Router, deps: ApiDeps, prefix = '') {
  return (method: string, path: string, handler: TenantHandler): void =>
    router.add(method, `${prefix}${path}`, (ctx) =>
      handler({ ...deps, tenantId: authenticate(deps.db, ctx.req) }, ctx),
    );
}

/** An optional query parameter. */
export const queryParam = (ctx: RequestContext, name: string) => ctx.query.get(name) ?? undefined;
