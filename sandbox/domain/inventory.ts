import { Type, type Static } from '../../src/core/typebox.js';
import { ApiError, validationError, type FieldError } from '../http/api-error.js';
import { ItemSeed } from '../seed/seed-schema.js';
import type { TenantContext } from './tenant-context.js';

const lotNumber = () => Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]));

/**
 * `POST /api/v1/items`: an item of the item master, with the fields a seed item has; `taxCode`,
 * `supplier` and the lot sizes may also be null (as `GET /items` shows an item without them), so an
 * item read can be sent back as a new one.
 */
export const CreateItemSchema = Type.Composite(
  [
    Type.Omit(ItemSeed, ['taxCode', 'supplier', 'lotQty', 'lotMin', 'lotMultiple']),
    Type.Object({
      taxCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      supplier: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
      lotQty: lotNumber(),
      lotMin: lotNumber(),
      lotMultiple: lotNumber(),
    }),
  ],
  { additionalProperties: false },
);
export type CreateItem = Static<typeof CreateItemSchema>;

/** `POST /api/v1/stock/receipts`: goods received into one warehouse. */
export const StockReceiptSchema = Type.Object(
  {
    sku: Type.String({ minLength: 1 }),
    warehouse: Type.String({ minLength: 1 }),
    qty: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    reference: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type StockReceipt = Static<typeof StockReceiptSchema>;

/**
 * Adds an item to the tenant's item master. A SKU the tenant already has is a 409
 * `ITEM_EXISTS` (items are never overwritten: open orders price from them); an unknown
 * supplier a 422.
 */
export function createItem(ctx: TenantContext, input: CreateItem): Record<string, unknown> {
  const { db, tenantId } = ctx;
  if (
    input.supplier &&
    !db.get('SELECT 1 AS x FROM suppliers WHERE tenant_id = ? AND code = ?', [tenantId, input.supplier])
  )
    throw validationError([{ path: 'supplier', message: `unknown supplier ${input.supplier}` }], 'the item');
  return db.transaction(() => {
    if (db.get('SELECT 1 AS x FROM items WHERE tenant_id = ? AND sku = ?', [tenantId, input.sku]))
      throw new ApiError(409, 'ITEM_EXISTS', `Failed to create item ${input.sku}: the item master already has it.`);
    db.run(
      `INSERT INTO items (tenant_id, sku, name, kind, uom, unit_price, weight_kg, lead_time_days, safety_stock,
         lot_policy, lot_qty, lot_min, lot_multiple, supplier_code, tax_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenantId,
        input.sku,
        input.name,
        input.kind,
        input.uom ?? 'EA',
        input.unitPrice,
        input.weightKg ?? 1,
        input.leadTimeDays ?? 0,
        input.safetyStock ?? 0,
        input.lotPolicy ?? 'lot-for-lot',
        input.lotQty ?? null,
        input.lotMin ?? null,
        input.lotMultiple ?? null,
        input.supplier ?? null,
        input.taxCode ?? null,
      ],
    );
    return db.get<Record<string, unknown>>(
      `SELECT sku, name, kind, uom, unit_price AS unitPrice, weight_kg AS weightKg, lead_time_days AS leadTimeDays,
         safety_stock AS safetyStock, supplier_code AS supplier, tax_code AS taxCode FROM items WHERE tenant_id = ? AND sku = ?`,
      [tenantId, input.sku],
    )!;
  });
}

/**
 * Receives goods into a warehouse: its on-hand quantity of the item goes up by `qty`
 * (a stock row is created for an item the warehouse never held). Reservations are not
 * touched: a backordered order takes the new stock when it is allocated again.
 * Unknown items and warehouses are a 422 with one field error each.
 */
export function receiveStock(ctx: TenantContext, input: StockReceipt): Record<string, unknown> {
  const { db, tenantId } = ctx;
  const problems: FieldError[] = [];
  if (!db.get('SELECT 1 AS x FROM items WHERE tenant_id = ? AND sku = ?', [tenantId, input.sku]))
    problems.push({ path: 'sku', message: `unknown item ${input.sku}` });
  if (!db.get('SELECT 1 AS x FROM warehouses WHERE tenant_id = ? AND code = ?', [tenantId, input.warehouse]))
    problems.push({ path: 'warehouse', message: `unknown warehouse ${input.warehouse}` });
  if (problems.length) throw validationError(problems, 'the stock receipt');
  return db.transaction(() => {
    db.run(
      `INSERT INTO stock (tenant_id, sku, warehouse, on_hand, allocated) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (tenant_id, sku, warehouse) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
      [tenantId, input.sku, input.warehouse, input.qty],
    );
    const row = db.get<Record<string, unknown>>(
      `SELECT sku, warehouse, on_hand AS onHand, allocated, on_hand - allocated AS available FROM stock
       WHERE tenant_id = ? AND sku = ? AND warehouse = ?`,
      [tenantId, input.sku, input.warehouse],
    )!;
    return { ...row, received: input.qty, reference: input.reference ?? null };
  });
}
