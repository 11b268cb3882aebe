import { Type, type Static } from '../../../src/core/typebox.js';
import { validationError, type FieldError } from '../../http/api-error.js';
import { nextNumber, nowIso, type TenantContext } from '../tenant-context.js';
import { isIsoDate } from './dates.js';

/** Statuses of a purchase order that still count as open supply. */
export const CLOSED_PO_STATUSES = ['cancelled', 'closed', 'received'] as const;
/** Statuses of a production order that still count as open supply (and still need their components). */
export const CLOSED_PRODUCTION_STATUSES = ['completed', 'cancelled', 'closed'] as const;

export const CreatePurchaseOrderSchema = Type.Object(
  {
    supplier: Type.String({ minLength: 1 }),
    lines: Type.Array(
      Type.Object(
        {
          sku: Type.String({ minLength: 1 }),
          qty: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          needBy: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type CreatePurchaseOrder = Static<typeof CreatePurchaseOrderSchema>;

interface PoRow {
  id: number;
  number: string;
  supplier_code: string;
  status: string;
  source: string;
  mrp_run_id: number | null;
  confirmation_id: string | null;
  created_at: string;
}
interface PoLineRow {
  line_no: number;
  sku: string;
  qty: number;
  received_qty: number;
  need_by: string;
  confirmed_qty: number | null;
  backordered_qty: number | null;
  promised_date: string | null;
}

/**
 * Stores a purchase order (status `pending`) and queues the `supplier.po` job
 * that sends it to the supplier partner. Call inside a transaction.
 */
export function insertPurchaseOrder(
  ctx: TenantContext,
  po: { supplier: string; source: string; runId?: number; lines: Array<{ sku: string; qty: number; needBy: string }> },
): { id: number; number: string } {
  const number = nextNumber(ctx.db, ctx.tenantId, 'PO');
  const { lastId } = ctx.db.run(
    `INSERT INTO purchase_orders (tenant_id, number, supplier_code, status, source, mrp_run_id, created_at)
     VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
    [ctx.tenantId, number, po.supplier, po.source, po.runId ?? null, nowIso()],
  );
  po.lines.forEach((line, i) =>
    ctx.db.run('INSERT INTO po_lines (po_id, line_no, sku, qty, need_by) VALUES (?, ?, ?, ?, ?)', [
      lastId,
      i + 1,
      line.sku,
      line.qty,
      line.needBy,
    ]),
  );
  ctx.jobs.enqueue(ctx.tenantId, 'supplier.po', number, { po: number });
  return { id: lastId, number };
}

/** `POST /api/v1/purchase-orders`: a buyer's own order (open supply for the next MRP run). */
export function createPurchaseOrder(ctx: TenantContext, input: CreatePurchaseOrder): PurchaseOrderView {
  const problems: FieldError[] = [];
  const supplier = ctx.db.get('SELECT code FROM suppliers WHERE tenant_id = ? AND code = ?', [
    ctx.tenantId,
    input.supplier,
  ]);
  if (!supplier) problems.push({ path: 'supplier', message: `unknown supplier ${input.supplier}` });
  input.lines.forEach((line, i) => {
    if (!ctx.db.get('SELECT sku FROM items WHERE tenant_id = ? AND sku = ?', [ctx.tenantId, line.sku]))
      problems.push({ path: `lines[${i}].sku`, message: `unknown item ${line.sku}` });
    if (!isIsoDate(line.needBy)) problems.push({ path: `lines[${i}].needBy`, message: 'must be a calendar date' });
  });
  if (problems.length) throw validationError(problems, 'the purchase order');
  const { number } = ctx.db.transaction(() =>
    insertPurchaseOrder(ctx, { supplier: input.supplier, source: 'api', lines: input.lines }),
  );
  return getPurchaseOrder(ctx, number)!;
}

/** A purchase order as the API and the screens show it. */
export type PurchaseOrderView = ReturnType<typeof presentPurchaseOrder>;

function presentPurchaseOrder(ctx: TenantContext, po: PoRow) {
  const lines = ctx.db.all<PoLineRow>('SELECT * FROM po_lines WHERE po_id = ? ORDER BY line_no', [po.id]);
  return {
    id: po.number,
    number: po.number,
    supplier: po.supplier_code,
    status: po.status,
    source: po.source,
    mrpRun: po.mrp_run_id,
    confirmationId: po.confirmation_id,
    createdAt: po.created_at,
    lines: lines.map((l) => ({
      line: l.line_no,
      sku: l.sku,
      qty: l.qty,
      receivedQty: l.received_qty,
      needBy: l.need_by,
      confirmedQty: l.confirmed_qty,
      backorderedQty: l.backordered_qty,
      promisedDate: l.promised_date,
    })),
  };
}

export function getPurchaseOrder(ctx: TenantContext, number: string): PurchaseOrderView | undefined {
  const po = ctx.db.get<PoRow>('SELECT * FROM purchase_orders WHERE tenant_id = ? AND number = ?', [
    ctx.tenantId,
    number,
  ]);
  return po ? presentPurchaseOrder(ctx, po) : undefined;
}

export function listPurchaseOrders(
  ctx: TenantContext,
  filter: { status?: string; supplier?: string; run?: string },
): PurchaseOrderView[] {
  return ctx.db
    .all<PoRow>(
      `SELECT * FROM purchase_orders WHERE tenant_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR supplier_code = ?)
       AND (? IS NULL OR mrp_run_id = ?) ORDER BY id`,
      [
        ctx.tenantId,
        filter.status ?? null,
        filter.status ?? null,
        filter.supplier ?? null,
        filter.supplier ?? null,
        filter.run ?? null,
        filter.run === undefined ? null : Number(filter.run),
      ],
    )
    .map((po) => presentPurchaseOrder(ctx, po));
}

export function listProductionOrders(ctx: TenantContext, filter: { status?: string; sku?: string }) {
  return ctx.db
    .all<{ number: string; sku: string; qty: number; due_date: string; status: string; source: string }>(
      `SELECT number, sku, qty, due_date, status, source FROM production_orders WHERE tenant_id = ?
       AND (? IS NULL OR status = ?) AND (? IS NULL OR sku = ?) ORDER BY id`,
      [ctx.tenantId, filter.status ?? null, filter.status ?? null, filter.sku ?? null, filter.sku ?? null],
    )
    .map((p) => ({
      id: p.number,
      number: p.number,
      sku: p.sku,
      qty: p.qty,
      dueDate: p.due_date,
      status: p.status,
      source: p.source,
    }));
}
