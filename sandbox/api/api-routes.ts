import { listAudit } from '../domain/audit.js';
import { getInvoice, listInvoices } from '../domain/invoices.js';
import { allocateOrder, cancelOrder, createOrder, CreateOrderSchema, getOrder, listOrders } from '../domain/orders.js';
import { getShipment, listShipments, shipOrder } from '../domain/shipments.js';
import type { TenantContext } from '../domain/tenant-context.js';
import { notFound } from '../http/api-error.js';
import { readJson } from '../http/read-body.js';
import type { Router } from '../http/router.js';
import { validateBody } from '../http/validate-body.js';
import { queryParam, tenantRoutes, type ApiDeps } from './tenant-routes.js';

/** The tenant-scoped REST API under /api/v1: every route authenticates and sees only its tenant's data. */
export function registerApiRoutes(router: Router, deps: ApiDeps): void {
  const rows = (tenant: TenantContext, sql: string, params: Array<string | null> = []) =>
    deps.db.all(sql, [tenant.tenantId, ...params]);
  const api = tenantRoutes(router, deps, '/api/v1');

  api('GET', '/items', (t) => ({
    json: {
      items: rows(
        t,
        `SELECT sku, name, kind, uom, unit_price AS unitPrice, weight_kg AS weightKg, lead_time_days AS leadTimeDays,
           safety_stock AS safetyStock, lot_policy AS lotPolicy, lot_qty AS lotQty, lot_min AS lotMin,
           lot_multiple AS lotMultiple, supplier_code AS supplier, tax_code AS taxCode FROM items WHERE tenant_id = ? ORDER BY sku`,
      ),
    },
  }));
  api('GET', '/items/:sku', (t, ctx) => {
    const item = rows(
      t,
      'SELECT sku, name, kind, uom, unit_price AS unitPrice FROM items WHERE tenant_id = ? AND sku = ?',
      [ctx.params.sku!],
    )[0];
    if (!item) throw notFound(`item ${ctx.params.sku}`);
    return { json: item };
  });
  api('GET', '/boms', (t) => ({
    json: {
      boms: rows(
        t,
        'SELECT parent_sku AS parent, component_sku AS component, qty_per AS qtyPer FROM bom_lines WHERE tenant_id = ?',
      ),
    },
  }));
  api('GET', '/warehouses', (t) => ({
    json: {
      warehouses: rows(
        t,
        'SELECT code, name, priority, address FROM warehouses WHERE tenant_id = ? ORDER BY priority, code',
      ).map((w) => ({ ...w, address: JSON.parse(String(w.address)) as unknown })),
    },
  }));
  api('GET', '/stock', (t, ctx) => ({
    json: {
      stock: rows(
        t,
        `SELECT sku, warehouse, on_hand AS onHand, allocated, on_hand - allocated AS available FROM stock
         WHERE tenant_id = ? AND (? IS NULL OR sku = ?) ORDER BY sku, warehouse`,
        [queryParam(ctx, 'sku') ?? null, queryParam(ctx, 'sku') ?? null],
      ),
    },
  }));
  api('GET', '/customers', (t) => ({
    json: {
      customers: rows(
        t,
        'SELECT code, name, email, currency, terms, trading_partner AS tradingPartner FROM customers WHERE tenant_id = ? ORDER BY code',
      ),
    },
  }));
  api('GET', '/trading-partners', (t) => ({
    json: {
      partners: rows(
        t,
        'SELECT code, name, isa_qualifier AS isaQualifier, isa_id AS isaId, gs_id AS gsId FROM trading_partners WHERE tenant_id = ?',
      ),
    },
  }));

  api('POST', '/sales-orders', async (t, ctx) => {
    const input = validateBody(CreateOrderSchema, await readJson(ctx.req), 'the sales order');
    // The regression: a credit check added to order entry waits out its 8 s timeout on every order.
    if (t.defects.has('credit-check-timeout')) await new Promise((resolve) => setTimeout(resolve, 8000));
    return { status: 201, json: createOrder(t, input) };
  });
  api('GET', '/sales-orders', (t, ctx) => ({
    json: {
      orders: listOrders(t, {
        status: queryParam(ctx, 'status'),
        customer: queryParam(ctx, 'customer'),
        poNumber: queryParam(ctx, 'poNumber'),
      }),
    },
  }));
  api('GET', '/sales-orders/:id', (t, ctx) => ({ json: getOrder(t, ctx.params.id!) }));
  api('POST', '/sales-orders/:id/allocate', async (t, ctx) => ({ json: await allocateOrder(t, ctx.params.id!) }));
  api('POST', '/sales-orders/:id/cancel', (t, ctx) => ({ json: cancelOrder(t, ctx.params.id!) }));
  api('POST', '/sales-orders/:id/ship', async (t, ctx) => {
    const body = (await readJson(ctx.req)) as { service?: unknown };
    const service = typeof body.service === 'string' ? body.service : 'GROUND';
    return { status: 201, json: shipOrder(t, ctx.params.id!, service) };
  });

  api('GET', '/audit-log', (t, ctx) => ({
    json: { entries: listAudit(t, { entity: queryParam(ctx, 'entity'), entityId: queryParam(ctx, 'entityId') }) },
  }));
  api('GET', '/shipments', (t, ctx) => ({
    json: { shipments: listShipments(t, { order: queryParam(ctx, 'order') }) },
  }));
  api('GET', '/shipments/:id', (t, ctx) => {
    const shipment = getShipment(t, ctx.params.id!);
    if (!shipment) throw notFound(`shipment ${ctx.params.id}`);
    return { json: shipment };
  });
  api('GET', '/invoices', (t, ctx) => ({
    json: { invoices: listInvoices(t, { order: queryParam(ctx, 'order'), status: queryParam(ctx, 'status') }) },
  }));
  api('GET', '/invoices/:id', (t, ctx) => {
    const invoice = getInvoice(t, ctx.params.id!);
    if (!invoice) throw notFound(`invoice ${ctx.params.id}`);
    return { json: invoice };
  });
  api('GET', '/jobs', (t, ctx) => ({
    json: {
      jobs: t.jobs.list(t.tenantId, {
        type: queryParam(ctx, 'type'),
        status: queryParam(ctx, 'status'),
        ref: queryParam(ctx, 'ref'),
      }),
    },
  }));
  api('GET', '/jobs/:id', (t, ctx) => {
    const job = t.jobs.get(t.tenantId, Number(ctx.params.id));
    if (!job) throw notFound(`job ${ctx.params.id}`);
    return { json: job };
  });
}
