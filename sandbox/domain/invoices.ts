import { nextNumber, nowIso, type TenantContext } from './tenant-context.js';

interface InvoiceRow {
  id: number;
  number: string;
  order_id: number;
  shipment_id: number;
  customer_code: string;
  status: string;
  currency: string;
  subtotal: number;
  tax: number | null;
  total: number | null;
  tax_rate: string | null;
  jurisdiction: string | null;
  payment_status: string;
  payment_auth_id: string | null;
  payment_capture_id: string | null;
  payment_decline_code: string | null;
  created_at: string;
  posted_at: string | null;
  paid_at: string | null;
}

export function presentInvoice(ctx: TenantContext, row: InvoiceRow) {
  const lines = ctx.db.all<{
    line_no: number;
    sku: string;
    description: string;
    qty: number;
    unit_price: number;
    amount: number;
    tax: number | null;
  }>('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no', [row.id]);
  const refs = ctx.db.get<{ order: string; shipment: string }>(
    'SELECT o.number AS "order", s.number AS shipment FROM sales_orders o, shipments s WHERE o.id = ? AND s.id = ?',
    [row.order_id, row.shipment_id],
  );
  return {
    id: row.number,
    number: row.number,
    order: refs?.order,
    shipment: refs?.shipment,
    customer: row.customer_code,
    status: row.status,
    currency: row.currency,
    lines: lines.map((l) => ({
      line: l.line_no,
      sku: l.sku,
      description: l.description,
      qty: l.qty,
      unitPrice: l.unit_price,
      amount: l.amount,
      tax: l.tax,
    })),
    subtotal: row.subtotal,
    tax: row.tax,
    total: row.total,
    taxRate: row.tax_rate,
    jurisdiction: row.jurisdiction,
    payment: {
      status: row.payment_status,
      authorizationId: row.payment_auth_id,
      captureId: row.payment_capture_id,
      declineCode: row.payment_decline_code,
    },
    createdAt: row.created_at,
    postedAt: row.posted_at,
    paidAt: row.paid_at,
  };
}

export function listInvoices(ctx: TenantContext, filter: { order?: string; status?: string }) {
  const rows = ctx.db.all<InvoiceRow>(
    `SELECT i.* FROM invoices i JOIN sales_orders o ON o.id = i.order_id
     WHERE i.tenant_id = ? AND (? IS NULL OR o.number = ?) AND (? IS NULL OR i.status = ?) ORDER BY i.id`,
    [ctx.tenantId, filter.order ?? null, filter.order ?? null, filter.status ?? null, filter.status ?? null],
  );
  return rows.map((row) => presentInvoice(ctx, row));
}

export function getInvoice(ctx: TenantContext, number: string) {
  const row = ctx.db.get<InvoiceRow>('SELECT * FROM invoices WHERE tenant_id = ? AND number = ?', [
    ctx.tenantId,
    number,
  ]);
  return row ? presentInvoice(ctx, row) : undefined;
}

/** A draft invoice for a shipment's lines (prices from the order); tax and totals come when it is posted. */
export function draftInvoice(ctx: TenantContext, shipmentNumber: string) {
  const { db, tenantId } = ctx;
  return db.transaction(() => {
    const shipment = db.get<{ id: number; order_id: number }>(
      'SELECT id, order_id FROM shipments WHERE tenant_id = ? AND number = ?',
      [tenantId, shipmentNumber],
    );
    if (!shipment) throw new Error(`shipment ${shipmentNumber} is gone`);
    const existing = db.get<{ number: string }>('SELECT number FROM invoices WHERE shipment_id = ?', [shipment.id]);
    if (existing) return existing.number;
    const order = db.get<{ customer_code: string; currency: string }>(
      'SELECT customer_code, currency FROM sales_orders WHERE id = ?',
      [shipment.order_id],
    )!;
    // What is billed is what this shipment carried. The defects read the order line instead: its ordered
    // quantity, or its shipped-to-date quantity (which re-bills earlier shipments of a backorder).
    const billed = ctx.defects.has('invoice-bills-ordered-qty')
      ? 'ol.qty'
      : ctx.defects.has('invoice-rebills-shipped-to-date')
        ? 'ol.qty_shipped'
        : 'sl.qty';
    const lines = db.all<{ line_no: number; sku: string; qty: number; description: string; unit_price: number }>(
      `SELECT sl.line_no, sl.sku, ${billed} AS qty, ol.description, ol.unit_price FROM shipment_lines sl
       JOIN order_lines ol ON ol.order_id = ? AND ol.line_no = sl.line_no WHERE sl.shipment_id = ? ORDER BY sl.line_no`,
      [shipment.order_id, shipment.id],
    );
    const subtotal = lines.reduce((sum, l) => sum + l.qty * l.unit_price, 0);
    const number = nextNumber(db, tenantId, 'INV');
    const { lastId } = db.run(
      `INSERT INTO invoices (tenant_id, number, order_id, shipment_id, customer_code, status, currency, subtotal,
         payment_status, created_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, 'none', ?)`,
      [tenantId, number, shipment.order_id, shipment.id, order.customer_code, order.currency, subtotal, nowIso()],
    );
    for (const l of lines)
      db.run(
        'INSERT INTO invoice_lines (invoice_id, line_no, sku, description, qty, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [lastId, l.line_no, l.sku, l.description, l.qty, l.unit_price, l.qty * l.unit_price],
      );
    return number;
  });
}
