import { createItem, CreateItemSchema, receiveStock, StockReceiptSchema } from '../domain/inventory.js';
import { readJson } from '../http/read-body.js';
import type { Router } from '../http/router.js';
import { validateBody } from '../http/validate-body.js';
import { tenantRoutes, type ApiDeps } from './tenant-routes.js';

/**
 * The item master and goods receipts under /api/v1 (tenant-scoped): `POST /items` adds an item,
 * `POST /stock/receipts` receives stock into a warehouse.
 */
export function registerInventoryRoutes(router: Router, deps: ApiDeps): void {
  const api = tenantRoutes(router, deps, '/api/v1');
  api('POST', '/items', async (t, ctx) => ({
    status: 201,
    json: createItem(t, validateBody(CreateItemSchema, await readJson(ctx.req), 'the item')),
  }));
  api('POST', '/stock/receipts', async (t, ctx) => ({
    status: 201,
    json: receiveStock(t, validateBody(StockReceiptSchema, await readJson(ctx.req), 'the stock receipt')),
  }));
}
