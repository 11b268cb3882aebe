import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import type { PartnerUrls } from '../domain/partners.js';
import { JobFailure, type JobQueue } from './job-queue.js';
import { callPartner } from './partner-client.js';

interface Deps {
  db: Db;
  jobs: JobQueue;
  partners: PartnerUrls;
  defects: Defects;
}

interface SupplierConfirmation {
  poNumber: string;
  confirmationId: string;
  status: string;
  lines: Array<{ sku: string; qty: number; confirmedQty: number; backorderedQty: number; promisedDate: string }>;
}

/**
 * `supplier.po`: sends a purchase order to the supplier partner and stores its
 * confirmation (confirmed and backordered quantity, promised date per line;
 * the order takes the supplier's status). The supplier answers a re-sent PO
 * number with the stored confirmation, so a retried job never orders twice.
 */
export function registerSupplierJobs({ db, jobs, partners, defects }: Deps): void {
  jobs.register('supplier.po', async ({ tenantId, payload }) => {
    const { po: number } = payload as { po: string };
    const po = db.get<{ id: number }>('SELECT id FROM purchase_orders WHERE tenant_id = ? AND number = ?', [
      tenantId,
      number,
    ]);
    if (!po) throw new JobFailure(`purchase order ${number} is gone`, false);
    const lines = db.all<{ line_no: number; sku: string; qty: number; need_by: string }>(
      'SELECT line_no, sku, qty, need_by FROM po_lines WHERE po_id = ? ORDER BY line_no',
      [po.id],
    );
    if (defects.has('supplier-po-not-sent')) {
      // The defect: the send step is skipped and the order is booked as if the supplier had confirmed it as asked.
      db.transaction(() => {
        db.run(
          'UPDATE po_lines SET confirmed_qty = qty, backordered_qty = 0, promised_date = need_by WHERE po_id = ?',
          [po.id],
        );
        db.run("UPDATE purchase_orders SET status = 'confirmed' WHERE id = ?", [po.id]);
      });
      return { status: 'confirmed' };
    }
    const confirmation = await callPartner<SupplierConfirmation>({
      baseUrl: partners.supplier,
      path: '/purchase-orders',
      tenantId,
      idempotencyKey: `${tenantId}:${number}`,
      body: {
        poNumber: number,
        buyer: tenantId,
        lines: lines.map((l) => ({ sku: l.sku, qty: l.qty, needBy: l.need_by })),
      },
    });
    const confirmed = Array.isArray(confirmation.lines) ? confirmation.lines : [];
    if (confirmed.length !== lines.length || confirmed.some((c, i) => c.sku !== lines[i]!.sku))
      throw new JobFailure(
        `the supplier confirmed ${confirmed.length} lines of purchase order ${number}, which has ${lines.length}`,
        false,
      );
    // The defect: the mapper reads each line's quantity where it meant the confirmed quantity, so a partial
    // confirmation is booked as a full one (nothing backordered, the order `confirmed`).
    const asOrdered = defects.has('supplier-partial-as-confirmed');
    db.transaction(() => {
      confirmed.forEach((c, i) =>
        db.run(
          'UPDATE po_lines SET confirmed_qty = ?, backordered_qty = ?, promised_date = ? WHERE po_id = ? AND line_no = ?',
          [
            asOrdered ? c.qty : c.confirmedQty,
            asOrdered ? 0 : c.backorderedQty,
            c.promisedDate,
            po.id,
            lines[i]!.line_no,
          ],
        ),
      );
      db.run('UPDATE purchase_orders SET status = ?, confirmation_id = ? WHERE id = ?', [
        asOrdered ? 'confirmed' : confirmation.status,
        confirmation.confirmationId,
        po.id,
      ]);
    });
    return { confirmationId: confirmation.confirmationId, status: confirmation.status };
  });
}
