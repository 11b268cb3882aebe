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
  const traffic = trafficOf(deps);
  return (method: string, path: string, handler: TenantHandler): void =>
    router.add(method, `${prefix}${path}`, async (ctx) => {
      const tenantId = authenticate(deps.db, ctx.req);
      // The noisy-neighbour defect: capacity is shared without per-tenant fairness, so each request
      // waits 5 ms for every request other tenants made in the last second (at most 2 s). Traffic
      // is counted only while the defect is on: a healthy sandbox pays nothing per request.
      if (deps.defects.has('noisy-neighbour')) {
        const others = traffic.record(tenantId);
        if (others > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, others * 5)));
      }
      return handler({ ...deps, tenantId }, ctx);
    });
}

/** Requests per tenant over the last second. */
class RecentTraffic {
  private readonly times = new Map<string, number[]>();

  /** Records a request of `tenantId`; returns how many requests the other tenants made in the last second. */
  record(tenantId: string): number {
    const now = Date.now();
    let others = 0;
    for (const [tenant, times] of this.times) {
      while (times.length && now - times[0]! > 1000) times.shift();
      if (tenant !== tenantId) others += times.length;
    }
    const own = this.times.get(tenantId) ?? [];
    own.push(now);
    this.times.set(tenantId, own);
    return others;
  }
}

const trafficByDeps = new WeakMap<ApiDeps, RecentTraffic>();

function trafficOf(deps: ApiDeps): RecentTraffic {
  let traffic = trafficByDeps.get(deps);
  if (!traffic) trafficByDeps.set(deps, (traffic = new RecentTraffic()));
  return traffic;
}

/** An optional query parameter. */
export const queryParam = (ctx: RequestContext, name: string) => ctx.query.get(name) ?? undefined;
