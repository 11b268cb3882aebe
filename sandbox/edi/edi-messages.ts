import type { Db } from '../db/database.js';
import { nowIso, type TenantContext } from '../domain/tenant-context.js';

export interface EdiMessageRow {
  id: number;
  direction: 'in' | 'out';
  set_id: string;
  partner_code: string | null;
  control_number: string | null;
  status: string;
  order_id: number | null;
  related_id: number | null;
  body: string;
  errors: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Stores a document in the tenant's EDI message log and returns its id. */
export function recordEdiMessage(
  db: Db,
  tenantId: string,
  message: {
    direction: 'in' | 'out';
    set: string;
    partner?: string;
    controlNumber?: string;
    status: string;
    orderId?: number;
    body: string;
    errors?: string[];
  },
): number {
  return db.run(
    `INSERT INTO edi_messages (tenant_id, direction, set_id, partner_code, control_number, status, order_id, body,
       errors, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      tenantId,
      message.direction,
      message.set,
      message.partner ?? null,
      message.controlNumber ?? null,
      message.status,
      message.orderId ?? null,
      message.body,
      message.errors?.length ? JSON.stringify(message.errors) : null,
      nowIso(),
    ],
  ).lastId;
}

export function presentEdiMessage(ctx: TenantContext, row: EdiMessageRow, withBody: boolean) {
  const order = row.order_id
    ? ctx.db.get<{ number: string }>('SELECT number FROM sales_orders WHERE id = ?', [row.order_id])
    : undefined;
  return {
    id: row.id,
    direction: row.direction,
    set: row.set_id,
    partner: row.partner_code,
    controlNumber: row.control_number,
    status: row.status,
    order: order?.number ?? null,
    errors: row.errors ? (JSON.parse(row.errors) as string[]) : [],
    createdAt: row.created_at,
    sentAt: row.sent_at,
    ...(withBody ? { body: row.body } : {}),
  };
}

export function listEdiMessages(ctx: TenantContext, filter: { direction?: string; set?: string; order?: string }) {
  const rows = ctx.db.all<EdiMessageRow>(
    `SELECT m.* FROM edi_messages m LEFT JOIN sales_orders o ON o.id = m.order_id
     WHERE m.tenant_id = ? AND (? IS NULL OR m.direction = ?) AND (? IS NULL OR m.set_id = ?)
       AND (? IS NULL OR o.number = ?) ORDER BY m.id DESC LIMIT 200`,
    [
      ctx.tenantId,
      filter.direction ?? null,
      filter.direction ?? null,
      filter.set ?? null,
      filter.set ?? null,
      filter.order ?? null,
      filter.order ?? null,
    ],
  );
  return rows.map((row) => presentEdiMessage(ctx, row, false));
}

export function getEdiMessage(ctx: TenantContext, id: number) {
  const row = ctx.db.get<EdiMessageRow>('SELECT * FROM edi_messages WHERE tenant_id = ? AND id = ?', [
    ctx.tenantId,
    id,
  ]);
  return row ? presentEdiMessage(ctx, row, true) : undefined;
}
