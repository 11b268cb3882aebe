import { Type, type Static } from '../../src/core/typebox.js';
import { ApiError, illegalTransition, notFound, validationError, type FieldError } from '../http/api-error.js';
import { queue855 } from '../edi/outbound.js';
import { recordAudit } from './audit.js';
import { nextNumber, nowIso, type TenantContext } from './tenant-context.js';

export const CreateOrderSchema = Type.Object(
  {
    customer: Type.String({ minLength: 1 }),
    poNumber: Type.Optional(Type.String({ maxLength: 40 })),
    requestedDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
    lines: Type.Array(
      Type.Object(
        {
          sku: Type.String({ minLength: 1 }),
          qty: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          customerLineRef: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type CreateOrder = Static<typeof CreateOrderSchema>;

interface OrderRow {
  id: number;
  number: string;
  customer_code: string;
  status: string;
  po_number: string | null;
  currency: string;
  ship_to: string;
  requested_date: string | null;
  source: string;
  created_at: string;
  updated_at: string;
}
interface LineRow {
  line_no: number;
  sku: string;
  description: string;
  uom: string;
  qty: number;
  unit_price: number;
  qty_allocated: number;
  qty_shipped: number;
  customer_line_ref: string | null;
}

/** Legal moves of a sales order; anything else is a 409. */
const TRANSITIONS: Record<string, string[]> = {
  allocate: ['open', 'backordered'],
  cancel: ['open', 'allocated', 'backordered'],
  ship: ['allocated', 'backordered'],
};

function findOrder(ctx: TenantContext, number: string, anyTenant = false): OrderRow {
  const row = anyTenant
    ? ctx.db.get<OrderRow>('SELECT * FROM sales_orders WHERE number = ?', [number])
    : ctx.db.get<OrderRow>('SELECT * FROM sales_orders WHERE tenant_id = ? AND number = ?', [ctx.tenantId, number]);
  if (!row) throw notFound(`sales order ${number}`);
  return row;
}

function refuse(order: OrderRow, action: string): void {
  if (!TRANSITIONS[action]?.includes(order.status))
    throw new ApiError(
      409,
      'ILLEGAL_TRANSITION',
      `Failed to ${action} sales order ${order.number}: it is ${order.status}; ${action} is allowed from ${TRANSITIONS[action]?.join(', ')}.`,
    );
}

/** The order as the API shows it. */
export function getOrder(ctx: TenantContext, number: string): Record<string, unknown> {
  const order = findOrder(ctx, number, ctx.defects.has('tenant-leak'));
  return presentOrder(ctx, order);
}

function presentOrder(ctx: TenantContext, order: OrderRow): Record<string, unknown> {
  const lines = ctx.db.all<LineRow>('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no', [order.id]);
  const allocations = ctx.db.all<{ line_no: number; sku: string; warehouse: string; qty: number }>(
    'SELECT line_no, sku, warehouse, qty FROM allocations WHERE order_id = ? ORDER BY line_no, warehouse',
    [order.id],
  );
  return {
    id: order.number,
    number: order.number,
    customer: order.customer_code,
    status: order.status,
    poNumber: order.po_number,
    currency: order.currency,
    shipTo: JSON.parse(order.ship_to) as unknown,
    requestedDate: order.requested_date,
    source: order.source,
    lines: lines.map((l) => ({
      line: l.line_no,
      sku: l.sku,
      description: l.description,
      uom: l.uom,
      qty: l.qty,
      unitPrice: l.unit_price,
      amount: l.qty * l.unit_price,
      qtyAllocated: l.qty_allocated,
      qtyBackordered: Math.max(0, l.qty - l.qty_allocated - l.qty_shipped),
      qtyShipped: l.qty_shipped,
      customerLineRef: l.customer_line_ref,
    })),
    allocations: allocations.map((a) => ({ line: a.line_no, sku: a.sku, warehouse: a.warehouse, qty: a.qty })),
    subtotal: lines.reduce((sum, l) => sum + l.qty * l.unit_price, 0),
    createdAt: order.created_at,
    updatedAt: order.updated_at,
  };
}

export function listOrders(
  ctx: TenantContext,
  filter: { status?: string; customer?: string; poNumber?: string; limit?: number },
) {
  // The defect: a search (any filter) forgets the tenant, as a shared search index might.
  const searching = filter.status !== undefined || filter.customer !== undefined || filter.poNumber !== undefined;
  const anyTenant = searching && ctx.defects.has('tenant-leak-search');
  const rows = ctx.db.all<OrderRow>(
    `SELECT * FROM sales_orders WHERE (? IS NULL OR tenant_id = ?) AND (? IS NULL OR status = ?) AND (? IS NULL OR customer_code = ?)
       AND (? IS NULL OR po_number = ?) ORDER BY id DESC LIMIT ?`,
    [
      anyTenant ? null : ctx.tenantId,
      anyTenant ? null : ctx.tenantId,
      filter.status ?? null,
      filter.status ?? null,
      filter.customer ?? null,
      filter.customer ?? null,
      filter.poNumber ?? null,
      filter.poNumber ?? null,
      Math.min(filter.limit ?? 100, 500),
    ],
  );
  return rows.map((row) => presentOrder(ctx, row));
}

/** Validates references (customer, items) and stores a new open order. */
export function createOrder(ctx: TenantContext, input: CreateOrder, source = 'api'): Record<string, unknown> {
  const { db, tenantId } = ctx;
  const problems: FieldError[] = [];
  const customer = db.get<{ code: string; currency: string; ship_to: string }>(
    'SELECT code, currency, ship_to FROM customers WHERE tenant_id = ? AND code = ?',
    [tenantId, input.customer],
  );
  if (!customer) problems.push({ path: 'customer', message: `unknown customer ${input.customer}` });
  const items = input.lines.map((line, i) => {
    const item = db.get<{ sku: string; name: string; uom: string; unit_price: number; kind: string }>(
      'SELECT sku, name, uom, unit_price, kind FROM items WHERE tenant_id = ? AND sku = ?',
      [tenantId, line.sku],
    );
    if (!item) problems.push({ path: `lines[${i}].sku`, message: `unknown item ${line.sku}` });
    return item;
  });
  if (problems.length || !customer) throw validationError(problems, 'the sales order');
  return db.transaction(() => {
    const number = nextNumber(db, tenantId, 'SO');
    const now = nowIso();
    const { lastId } = db.run(
      `INSERT INTO sales_orders (tenant_id, number, customer_code, status, po_number, currency, ship_to, requested_date,
         source, notes, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenantId,
        number,
        customer.code,
        input.poNumber ?? null,
        customer.currency,
        customer.ship_to,
        input.requestedDate ?? null,
        source,
        input.notes ?? null,
        now,
        now,
      ],
    );
    input.lines.forEach((line, i) => {
      const item = items[i]!;
      db.run(
        `INSERT INTO order_lines (order_id, line_no, sku, description, uom, qty, unit_price, customer_line_ref)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [lastId, i + 1, item.sku, item.name, item.uom, line.qty, item.unit_price, line.customerLineRef ?? null],
      );
    });
    recordAudit(ctx, { action: 'created', entity: 'sales-order', entityId: number, actor: source });
    return getOrder(ctx, number);
  });
}

interface Reservation {
  line: number;
  sku: string;
  warehouse: string;
  qty: number;
}

/**
 * Reserves stock for every open quantity: warehouses by priority, then code;
 * each takes what it has available (on hand − allocated). What no warehouse
 * has stays backordered. Plan and writes run in one transaction, so two
 * concurrent allocations can never both take the last units.
 */
export async function allocateOrder(ctx: TenantContext, number: string): Promise<Record<string, unknown>> {
  const { db } = ctx;
  const plan = () => {
    const order = findOrder(ctx, number);
    refuse(order, 'allocate');
    const lines = db.all<LineRow>('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no', [order.id]);
    const reservations: Reservation[] = [];
    const taken = new Map<string, number>();
    for (const line of lines) {
      let open = line.qty - line.qty_allocated - line.qty_shipped;
      const stock = db.all<{ warehouse: string; available: number }>(
        `SELECT s.warehouse, s.on_hand - s.allocated AS available FROM stock s
         JOIN warehouses w ON w.tenant_id = s.tenant_id AND w.code = s.warehouse
         WHERE s.tenant_id = ? AND s.sku = ? ORDER BY w.priority, w.code`,
        [ctx.tenantId, line.sku],
      );
      for (const s of stock) {
        if (open <= 0) break;
        const key = `${line.sku}@${s.warehouse}`;
        const available = s.available - (taken.get(key) ?? 0);
        const qty = Math.min(open, available);
        if (qty <= 0) continue;
        reservations.push({ line: line.line_no, sku: line.sku, warehouse: s.warehouse, qty });
        taken.set(key, (taken.get(key) ?? 0) + qty);
        open -= qty;
      }
    }
    return { order, reservations };
  };
  const apply = (order: OrderRow, reservations: Reservation[]) => {
    for (const r of reservations) {
      db.run('UPDATE stock SET allocated = allocated + ? WHERE tenant_id = ? AND sku = ? AND warehouse = ?', [
        r.qty,
        ctx.tenantId,
        r.sku,
        r.warehouse,
      ]);
      db.run('UPDATE order_lines SET qty_allocated = qty_allocated + ? WHERE order_id = ? AND line_no = ?', [
        r.qty,
        order.id,
        r.line,
      ]);
      db.run('INSERT INTO allocations (tenant_id, order_id, line_no, sku, warehouse, qty) VALUES (?, ?, ?, ?, ?, ?)', [
        ctx.tenantId,
        order.id,
        r.line,
        r.sku,
        r.warehouse,
        r.qty,
      ]);
    }
    const short = db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ? AND qty > qty_allocated + qty_shipped',
      [order.id],
    );
    db.run('UPDATE sales_orders SET status = ?, updated_at = ? WHERE id = ?', [
      (short?.n ?? 0) > 0 ? 'backordered' : 'allocated',
      nowIso(),
      order.id,
    ]);
    recordAudit(ctx, {
      action: 'allocated',
      entity: 'sales-order',
      entityId: order.number,
      details: { reserved: reservations.reduce((sum, r) => sum + r.qty, 0) },
    });
  };
  if (ctx.defects.has('oversell')) {
    // The regression: availability read in one transaction, written in another after an await.
    const { order, reservations } = db.transaction(plan);
    await new Promise((resolve) => setTimeout(resolve, 100));
    db.transaction(() => apply(order, reservations));
  } else {
    db.transaction(() => {
      const { order, reservations } = plan();
      apply(order, reservations);
    });
  }
  queue855(ctx, number);
  return getOrder(ctx, number);
}

/** Cancels an order that has not shipped and releases its reservations. */
export function cancelOrder(ctx: TenantContext, number: string): Record<string, unknown> {
  const { db } = ctx;
  db.transaction(() => {
    const order = findOrder(ctx, number);
    refuse(order, 'cancel');
    // The defect: only an order in status `allocated` gives its reservations back, as if a
    // backordered order held none (it holds what was available when it was allocated).
    const releases = !(ctx.defects.has('cancel-backordered-keeps-reservation') && order.status === 'backordered');
    const allocations = releases
      ? db.all<{ sku: string; warehouse: string; qty: number }>(
          'SELECT sku, warehouse, qty FROM allocations WHERE order_id = ?',
          [order.id],
        )
      : [];
    for (const a of allocations)
      db.run('UPDATE stock SET allocated = allocated - ? WHERE tenant_id = ? AND sku = ? AND warehouse = ?', [
        a.qty,
        ctx.tenantId,
        a.sku,
        a.warehouse,
      ]);
    db.run('DELETE FROM allocations WHERE order_id = ?', [order.id]);
    db.run('UPDATE order_lines SET qty_allocated = 0 WHERE order_id = ?', [order.id]);
    db.run("UPDATE sales_orders SET status = 'cancelled', updated_at = ? WHERE id = ?", [nowIso(), order.id]);
    if (!ctx.defects.has('audit-skips-cancel'))
      recordAudit(ctx, {
        action: 'cancelled',
        entity: 'sales-order',
        entityId: number,
        details: { released: allocations.reduce((sum, a) => sum + a.qty, 0) },
      });
  });
  return getOrder(ctx, number);
}

export { findOrder, illegalTransition, refuse, type OrderRow, type LineRow };
