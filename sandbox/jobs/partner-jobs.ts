import { randomUUID } from 'node:crypto';
import type { Defects } from '../domain/defects.js';
import { draftInvoice } from '../domain/invoices.js';
import type { PartnerUrls } from '../domain/partners.js';
import { nowIso } from '../domain/tenant-context.js';
import type { Db } from '../db/database.js';
import { queue810 } from '../edi/outbound.js';
import { JobFailure, type JobQueue } from './job-queue.js';
import { callPartner } from './partner-client.js';

interface Deps {
  db: Db;
  jobs: JobQueue;
  partners: PartnerUrls;
  defects: Defects;
}

interface TaxQuote {
  jurisdiction: string;
  rate: string;
  lines: Array<{ ref: string; taxable: number; tax: number }>;
  totalTax: number;
}

/** The work the sandbox hands to partners: carrier labels, invoice tax, payment capture. */
export function registerPartnerJobs({ db, jobs, partners, defects }: Deps): void {
  jobs.register('carrier.label', async ({ tenantId, payload }) => {
    const { shipment } = payload as { shipment: string; warehouse: string; service: string };
    const row = db.get<{ id: number; service: string; weight_kg: number; ship_to: string; address: string }>(
      `SELECT s.id, s.service, s.weight_kg, o.ship_to, w.address FROM shipments s
       JOIN sales_orders o ON o.id = s.order_id JOIN warehouses w ON w.tenant_id = s.tenant_id AND w.code = s.warehouse
       WHERE s.tenant_id = ? AND s.number = ?`,
      [tenantId, shipment],
    );
    if (!row) throw new JobFailure(`shipment ${shipment} is gone`, false);
    const label = await callPartner<{
      labelId: string;
      trackingNumber: string;
      cost: { amount: number; currency: string };
    }>({
      baseUrl: partners.carrier,
      path: '/labels',
      tenantId,
      body: {
        reference: shipment,
        service: row.service,
        shipFrom: JSON.parse(row.address) as unknown,
        shipTo: JSON.parse(row.ship_to) as unknown,
        parcels: [{ weightKg: Math.max(0.1, Math.round(row.weight_kg * 10) / 10) }],
      },
    });
    db.run(
      "UPDATE shipments SET label_status = 'created', label_id = ?, tracking_number = ?, label_cost = ?, label_currency = ? WHERE id = ?",
      [label.labelId, label.trackingNumber, label.cost.amount, label.cost.currency, row.id],
    );
    return { trackingNumber: label.trackingNumber };
  });

  jobs.register('invoice.post', async ({ tenantId, payload }) => {
    const { shipment } = payload as { shipment: string };
    const number = draftInvoice({ db, tenantId, jobs, defects }, shipment);
    const invoice = db.get<{
      id: number;
      currency: string;
      subtotal: number;
      ship_to: string;
      ship_from: string;
      payment_token: string | null;
    }>(
      `SELECT i.id, i.currency, i.subtotal, o.ship_to, w.address AS ship_from, c.payment_token FROM invoices i
       JOIN sales_orders o ON o.id = i.order_id JOIN customers c ON c.tenant_id = i.tenant_id AND c.code = i.customer_code
       JOIN shipments s ON s.id = i.shipment_id JOIN warehouses w ON w.tenant_id = s.tenant_id AND w.code = s.warehouse
       WHERE i.tenant_id = ? AND i.number = ?`,
      [tenantId, number],
    )!;
    const lines = db.all<{ line_no: number; sku: string; amount: number; tax_code: string | null }>(
      `SELECT il.line_no, il.sku, il.amount, it.tax_code FROM invoice_lines il
       JOIN items it ON it.tenant_id = ? AND it.sku = il.sku WHERE il.invoice_id = ? ORDER BY il.line_no`,
      [tenantId, invoice.id],
    );
    const quote = await callPartner<TaxQuote>({
      baseUrl: partners.tax,
      path: '/quotes',
      tenantId,
      body: {
        currency: invoice.currency,
        // Sales tax is due where the goods go (destination). The tax-ship-from defect quotes the
        // shipping warehouse's address instead: totals stay consistent, the rate is another state's.
        shipTo: JSON.parse(defects.has('tax-ship-from') ? invoice.ship_from : invoice.ship_to) as unknown,
        lines: lines.map((l) => ({
          ref: String(l.line_no),
          amount: l.amount,
          ...(l.tax_code ? { taxCode: l.tax_code } : {}),
        })),
      },
    });
    // The regression: tax recomputed on the subtotal in floating point and truncated.
    const tax = defects.has('tax-rounding') ? Math.trunc(invoice.subtotal * Number(quote.rate)) : quote.totalTax;
    db.transaction(() => {
      for (const line of quote.lines)
        db.run('UPDATE invoice_lines SET taxable = ?, tax = ? WHERE invoice_id = ? AND line_no = ?', [
          line.taxable,
          line.tax,
          invoice.id,
          Number(line.ref),
        ]);
      db.run(
        `UPDATE invoices SET status = 'posted', tax = ?, total = ?, tax_rate = ?, jurisdiction = ?, posted_at = ?,
           payment_status = ? WHERE id = ?`,
        [
          tax,
          invoice.subtotal + tax,
          quote.rate,
          quote.jurisdiction,
          nowIso(),
          invoice.payment_token ? 'pending' : 'on-account',
          invoice.id,
        ],
      );
      if (invoice.payment_token) jobs.enqueue(tenantId, 'payment.capture', number, { invoice: number });
    });
    queue810({ db, jobs, defects, tenantId }, number);
    return { invoice: number, tax };
  });

  jobs.register('payment.capture', async ({ tenantId, payload }) => {
    const { invoice: number } = payload as { invoice: string };
    const invoice = db.get<{ id: number; total: number; currency: string; payment_token: string }>(
      `SELECT i.id, i.total, i.currency, c.payment_token FROM invoices i
       JOIN customers c ON c.tenant_id = i.tenant_id AND c.code = i.customer_code WHERE i.tenant_id = ? AND i.number = ?`,
      [tenantId, number],
    )!;
    // One key per invoice, so a retried job never charges twice (the double-charge defect makes one per attempt).
    const key = defects.has('double-charge') ? randomUUID() : `${tenantId}:${number}`;
    const auth = await callPartner<{ id: string; status: string; declineCode?: string }>({
      baseUrl: partners.payment,
      path: '/authorizations',
      tenantId,
      idempotencyKey: `auth:${key}`,
      body: {
        amount: invoice.total,
        currency: invoice.currency,
        card: { token: invoice.payment_token },
        reference: number,
      },
    });
    if (auth.status !== 'authorized') {
      db.run(
        "UPDATE invoices SET payment_status = 'declined', payment_auth_id = ?, payment_decline_code = ? WHERE id = ?",
        [auth.id, auth.declineCode ?? 'declined', invoice.id],
      );
      return { status: 'declined', declineCode: auth.declineCode };
    }
    const capture = await callPartner<{ captureId: string }>({
      baseUrl: partners.payment,
      path: `/authorizations/${encodeURIComponent(auth.id)}/capture`,
      tenantId,
      idempotencyKey: `capture:${key}`,
      body: { amount: invoice.total },
    });
    db.run(
      "UPDATE invoices SET status = 'paid', payment_status = 'captured', payment_auth_id = ?, payment_capture_id = ?, paid_at = ? WHERE id = ?",
      [auth.id, capture.captureId, nowIso(), invoice.id],
    );
    return { status: 'captured', captureId: capture.captureId };
  });
}
