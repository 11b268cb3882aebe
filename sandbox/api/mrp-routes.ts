import { getMrpRun, listMrpRuns, parseStartMrpRun, registerMrpJobs, startMrpRun } from '../domain/mrp/mrp-runs.js';
import {
  createPurchaseOrder,
  CreatePurchaseOrderSchema,
  getPurchaseOrder,
  listProductionOrders,
  listPurchaseOrders,
} from '../domain/mrp/purchase-orders.js';
import { notFound } from '../http/api-error.js';
import { readJson } from '../http/read-body.js';
import type { Router } from '../http/router.js';
import { validateBody } from '../http/validate-body.js';
import { queryParam, tenantRoutes, type ApiDeps } from './tenant-routes.js';

/**
 * MRP under /api/v1 (tenant-scoped like the rest of the API): runs, purchase
 * orders and production orders. Also registers the `mrp.run` job that
 * executes a run in the background.
 */
export function registerMrpRoutes(router: Router, deps: ApiDeps): void {
  registerMrpJobs(deps);
  const api = tenantRoutes(router, deps, '/api/v1');

  api('POST', '/mrp-runs', async (t, ctx) => ({
    status: 202,
    json: startMrpRun(t, parseStartMrpRun(await readJson(ctx.req))),
  }));
  api('GET', '/mrp-runs', (t, ctx) => ({ json: { runs: listMrpRuns(t, { status: queryParam(ctx, 'status') }) } }));
  api('GET', '/mrp-runs/:id', (t, ctx) => {
    const run = getMrpRun(t, ctx.params.id!);
    if (!run) throw notFound(`MRP run ${ctx.params.id}`);
    return { json: run };
  });

  api('POST', '/purchase-orders', async (t, ctx) => ({
    status: 201,
    json: createPurchaseOrder(
      t,
      validateBody(CreatePurchaseOrderSchema, await readJson(ctx.req), 'the purchase order'),
    ),
  }));
  api('GET', '/purchase-orders', (t, ctx) => ({
    json: {
      purchaseOrders: listPurchaseOrders(t, {
        status: queryParam(ctx, 'status'),
        supplier: queryParam(ctx, 'supplier'),
        run: queryParam(ctx, 'run'),
      }),
    },
  }));
  api('GET', '/purchase-orders/:number', (t, ctx) => {
    const po = getPurchaseOrder(t, ctx.params.number!);
    if (!po) throw notFound(`purchase order ${ctx.params.number}`);
    return { json: po };
  });
  api('GET', '/production-orders', (t, ctx) => ({
    json: {
      productionOrders: listProductionOrders(t, { status: queryParam(ctx, 'status'), sku: queryParam(ctx, 'sku') }),
    },
  }));
}
