import type { Db } from '../db/database.js';
import type { Defects } from '../domain/defects.js';
import { getInvoice } from '../domain/invoices.js';
import { getOrder } from '../domain/orders.js';
import type { PartnerUrls } from '../domain/partners.js';
import { getShipment } from '../domain/shipments.js';
import { nowIso, type TenantContext } from '../domain/tenant-context.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { callPartner } from '../jobs/partner-client.js';
import { asParty, partnerOfCustomer, tenantEdiIdentity } from './edi-identity.js';
import { recordEdiMessage } from './edi-messages.js';
import {
  ack855Segments,
  asn856Segments,
  buildOutbound,
  invoice810Segments,
  type OrderForAck,
} from './outbound-documents.js';

/** Hands a stored outbound message to the durable queue; the VAN may be slow or down. */
export function queueDelivery(ctx: TenantContext, messageId: number, ref: string): void {
  ctx.jobs.enqueue(ctx.tenantId, 'edi.deliver', ref, { message: messageId });
}

function queueDocument(
  ctx: TenantContext,
  customer: string,
  setId: string,
  ref: string,
  orderNumber: string,
  segmentsFor: () => Parameters<typeof buildOutbound>[5],
): void {
  const partner = partnerOfCustomer(ctx.db, ctx.tenantId, customer);
  if (!partner) return;
  const me = tenantEdiIdentity(ctx.db, ctx.tenantId);
  const { text, controlNumber } = buildOutbound(ctx.db, ctx.tenantId, me, asParty(partner), setId, segmentsFor());
  const order = ctx.db.get<{ id: number }>('SELECT id FROM sales_orders WHERE tenant_id = ? AND number = ?', [
    ctx.tenantId,
    orderNumber,
  ]);
  const id = recordEdiMessage(ctx.db, ctx.tenantId, {
    direction: 'out',
    set: setId,
    partner: partner.code,
    controlNumber,
    status: 'queued',
    ...(order ? { orderId: order.id } : {}),
    body: text,
  });
  queueDelivery(ctx, id, `${setId}:${ref}`);
}

/** The fields of `getOrder` the documents need (it returns a loose record). */
type OrderView = OrderForAck & { customer: string; source: string };

/** `getOrder` returns a loose record; these are the fields the documents read. */
const orderView = (ctx: TenantContext, number: string) => getOrder(ctx, number) as unknown as OrderView;

/** After allocation of an order that came by EDI: an 855 with what was accepted and backordered. */
export function queue855(ctx: TenantContext, orderNumber: string): void {
  const order = orderView(ctx, orderNumber);
  if (order.source !== 'edi') return;
  queueDocument(ctx, order.customer, '855', order.number, order.number, () =>
    ack855Segments(order, nowIso(), ctx.defects.has('ack-backorder-accepted')),
  );
}

/**
 * After a shipment to an EDI customer: an 856 ASN with SN102 the quantity this shipment carried. The
 * asn-wrong-quantity defect miscounts the first item; asn-ordered-qty reports each line's ordered
 * quantity (SN102 filled from the order line, as SN105 would be), wrong on any partial shipment.
 */
export function queue856(ctx: TenantContext, shipmentNumber: string): void {
  const shipment = getShipment(ctx, shipmentNumber);
  if (!shipment?.order) return;
  const order = orderView(ctx, shipment.order);
  const wrong = ctx.defects.has('asn-wrong-quantity');
  queueDocument(ctx, order.customer, '856', shipment.number, order.number, () =>
    asn856Segments(
      {
        number: shipment.number,
        shippedAt: shipment.shippedAt,
        trackingNumber: shipment.label.trackingNumber,
        service: shipment.service,
        weightKg: shipment.weightKg,
        order: { number: order.number, poNumber: order.poNumber, createdAt: order.createdAt },
        lines: shipment.lines,
      },
      (qty, index) => {
        const line = shipment.lines[index];
        const ordered = order.lines.find((l) => l.line === line?.line)?.qty;
        if (ordered !== undefined && ctx.defects.has('asn-ordered-qty')) return ordered;
        return wrong && index === 0 ? qty + 1 : qty;
      },
    ),
  );
}

/** After an invoice to an EDI customer is posted: an 810. */
export function queue810(ctx: TenantContext, invoiceNumber: string): void {
  const invoice = getInvoice(ctx, invoiceNumber) as
    (ReturnType<typeof getInvoice> & { postedAt: string | null; total: number | null; tax: number | null }) | undefined;
  if (!invoice?.order) return;
  const order = orderView(ctx, invoice.order);
  queueDocument(ctx, order.customer, '810', invoice.number, order.number, () =>
    invoice810Segments({
      number: invoice.number,
      postedAt: invoice.postedAt ?? nowIso(),
      total: invoice.total ?? 0,
      tax: invoice.tax ?? 0,
      order: { number: order.number, poNumber: order.poNumber, createdAt: order.createdAt },
      lines: invoice.lines,
    }),
  );
}

interface Deps {
  db: Db;
  jobs: JobQueue;
  partners: PartnerUrls;
  defects: Defects;
}

/** `edi.deliver`: posts a stored outbound message to the EDI VAN's mailbox and marks it sent. */
export function registerEdiJobs({ db, jobs, partners }: Deps): void {
  jobs.register('edi.deliver', async ({ tenantId, payload }) => {
    const { message } = payload as { message: number };
    const row = db.get<{ body: string }>('SELECT body FROM edi_messages WHERE tenant_id = ? AND id = ?', [
      tenantId,
      message,
    ]);
    if (!row) return { skipped: 'message deleted' };
    const receipt = await callPartner<{ messageId?: string }>({
      baseUrl: partners.ediVan,
      path: '/messages',
      tenantId,
      text: row.body,
      contentType: 'application/edi-x12',
    });
    db.run("UPDATE edi_messages SET status = 'sent', sent_at = ? WHERE id = ?", [nowIso(), message]);
    return { vanMessageId: receipt.messageId };
  });
}
