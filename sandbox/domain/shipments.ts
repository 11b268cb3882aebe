import { queue856 } from '../edi/outbound.js';
import { ApiError } from '../http/api-error.js';
import { findOrder, getOrder, refuse } from './orders.js';
import { recordAudit } from './audit.js';
import { nextNumber, nowIso, type TenantContext } from './tenant-context.js';

interface ShipmentRow {
  id: number;
  number: string;
  order_id: number;
  warehouse: string;
  status: string;
  service: string;
  weight_kg: number;
  label_status: string;
  label_id: string | null;
  tracking_number: string | null;
  label_cost: number | null;
  label_currency: string | null;
  shipped_at: string;
}

export function presentShipment(ctx: TenantContext, row: ShipmentRow) {
  const lines = ctx.db.all<{ line_no: number; sku: string; qty: number }>(
    'SELECT line_no, sku, qty FROM shipment_lines WHERE shipment_id = ? ORDER BY line_no, sku',
    [row.id],
  );
  const order = ctx.db.get<{ number: string }>('SELECT number FROM sales_orders WHERE id = ?', [row.order_id]);
  return {
    id: row.number,
    number: row.number,
    order: order?.number,
    warehouse: row.warehouse,
    status: row.status,
    service: row.service,
    weightKg: Math.round(row.weight_kg * 1000) / 1000,
    lines: lines.map((l) => ({ line: l.line_no, sku: l.sku, qty: l.qty })),
    label: {
      status: row.label_status,
      labelId: row.label_id,
      trackingNumber: row.tracking_number,
      cost: row.label_cost === null ? null : { amount: row.label_cost, currency: row.label_currency },
    },
    shippedAt: row.shipped_at,
  };
}

export function listShipments(ctx: TenantContext, filter: { order?: string }) {
  const rows = ctx.db.all<ShipmentRow>(
    `SELECT s.* FROM shipments s JOIN sales_orders o ON o.id = s.order_id
     WHERE s.tenant_id = ? AND (? IS NULL OR o.number = ?) ORDER BY s.id`,
    [ctx.tenantId, filter.order ?? null, filter.order ?? null],
  );
  return rows.map((row) => presentShipment(ctx, row));
}

export function getShipment(ctx: TenantContext, number: string) {
  const row = ctx.db.get<ShipmentRow>('SELECT * FROM shipments WHERE tenant_id = ? AND number = ?', [
    ctx.tenantId,
    number,
  ]);
  return row ? presentShipment(ctx, row) : undefined;
}

/**
 * Ships every allocated, unshipped quantity: one shipment per warehouse,
 * on-hand and reservations go down, and jobs are queued for the carrier label
 * and the invoice — all in one transaction.
 */
export function shipOrder(ctx: TenantContext, number: string, service = 'GROUND') {
  const { db, tenantId } = ctx;
  const shipments = db.transaction(() => {
    const order = findOrder(ctx, number);
    refuse(order, 'ship');
    const allocations = db.all<{ id: number; line_no: number; sku: string; warehouse: string; qty: number }>(
      'SELECT id, line_no, sku, warehouse, qty FROM allocations WHERE order_id = ? ORDER BY warehouse, line_no',
      [order.id],
    );
    if (allocations.length === 0)
      throw new ApiError(
        409,
        'NOTHING_TO_SHIP',
        `Failed to ship sales order ${number}: nothing is allocated; allocate it first.`,
      );
    const byWarehouse = new Map<string, typeof allocations>();
    // The defect: everything ships as one shipment from the first warehouse, as if the order were not split
    // (on-hand of that warehouse pays for all of it; the others keep their reservations).
    const oneWarehouse = ctx.defects.has('ship-from-one-warehouse') ? allocations[0]!.warehouse : undefined;
    for (const a of allocations) {
      const warehouse = oneWarehouse ?? a.warehouse;
      const group = byWarehouse.get(warehouse) ?? [];
      // A line allocated twice from one warehouse (backordered, then allocated again) is one shipment line.
      const same = group.find((g) => g.line_no === a.line_no);
      if (same) same.qty += a.qty;
      else group.push({ ...a, warehouse });
      byWarehouse.set(warehouse, group);
    }
    const created: string[] = [];
    for (const [warehouse, group] of byWarehouse) {
      const shipmentNumber = nextNumber(db, tenantId, 'SH');
      let weight = 0;
      for (const a of group) {
        const item = db.get<{ weight_kg: number }>('SELECT weight_kg FROM items WHERE tenant_id = ? AND sku = ?', [
          tenantId,
          a.sku,
        ]);
        weight += (item?.weight_kg ?? 1) * a.qty;
      }
      const { lastId } = db.run(
        `INSERT INTO shipments (tenant_id, number, order_id, warehouse, status, service, weight_kg, label_status,
           asn_status, shipped_at) VALUES (?, ?, ?, ?, 'shipped', ?, ?, 'pending', 'none', ?)`,
        [tenantId, shipmentNumber, order.id, warehouse, service, weight, nowIso()],
      );
      for (const a of group) {
        db.run('INSERT INTO shipment_lines (shipment_id, line_no, sku, qty) VALUES (?, ?, ?, ?)', [
          lastId,
          a.line_no,
          a.sku,
          a.qty,
        ]);
        db.run(
          'UPDATE stock SET on_hand = on_hand - ?, allocated = allocated - ? WHERE tenant_id = ? AND sku = ? AND warehouse = ?',
          [a.qty, a.qty, tenantId, a.sku, a.warehouse],
        );
        db.run(
          'UPDATE order_lines SET qty_shipped = qty_shipped + ?, qty_allocated = qty_allocated - ? WHERE order_id = ? AND line_no = ?',
          [a.qty, a.qty, order.id, a.line_no],
        );
      }
      ctx.jobs.enqueue(tenantId, 'carrier.label', shipmentNumber, { shipment: shipmentNumber, warehouse, service });
      ctx.jobs.enqueue(tenantId, 'invoice.post', shipmentNumber, { shipment: shipmentNumber });
      created.push(shipmentNumber);
    }
    db.run('DELETE FROM allocations WHERE order_id = ?', [order.id]);
    const open = db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ? AND qty > qty_shipped',
      [order.id],
    );
    db.run('UPDATE sales_orders SET status = ?, updated_at = ? WHERE id = ?', [
      (open?.n ?? 0) > 0 ? 'backordered' : 'shipped',
      nowIso(),
      order.id,
    ]);
    recordAudit(ctx, { action: 'shipped', entity: 'sales-order', entityId: number, details: { shipments: created } });
    return created;
  });
  for (const shipment of shipments) queue856(ctx, shipment);
  return { order: getOrder(ctx, number), shipments: shipments.map((s) => getShipment(ctx, s)) };
}
