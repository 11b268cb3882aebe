import { buildX12Document, createControlNumbers, type X12SegmentSpec } from '../../src/edi/index.js';
import type { Db } from '../db/database.js';
import type { EdiParty } from './edi-identity.js';

/** Minor units to the X12 decimal notation of prices (R type): 2999 → "29.99", 500 → "5". */
export function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const cents = abs % 100;
  return `${sign}${Math.floor(abs / 100)}${cents ? `.${String(cents).padStart(2, '0').replace(/0$/, '')}` : ''}`;
}

export const x12Date = (iso: string) => iso.slice(0, 10).replace(/-/g, '');
const x12Time = (iso: string) => iso.slice(11, 16).replace(':', '');

/** Per-tenant control numbers that survive restarts: one counter feeds ISA13, GS06 and ST02. */
function nextControlNumbers(db: Db, tenantId: string) {
  const row = db.get<{ value: number }>("SELECT value FROM counters WHERE tenant_id = ? AND name = 'x12'", [tenantId]);
  const value = (row?.value ?? 0) + 1;
  db.run(
    "INSERT INTO counters (tenant_id, name, value) VALUES (?, 'x12', ?) ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value",
    [tenantId, value],
  );
  return createControlNumbers({ interchange: value, group: value, set: value % 10_000 || 1 });
}

/** One transaction set from the tenant to a trading partner, as a whole interchange. */
export function buildOutbound(
  db: Db,
  tenantId: string,
  from: EdiParty,
  to: EdiParty,
  setId: string,
  segments: X12SegmentSpec[],
  now = new Date(),
): { text: string; controlNumber: string } {
  const built = buildX12Document(
    {
      sender: { id: from.isaId, qualifier: from.isaQualifier },
      receiver: { id: to.isaId, qualifier: to.isaQualifier },
      groups: [{ sender: from.gsId, receiver: to.gsId, sets: [{ id: setId, segments }] }],
    },
    { controlNumbers: nextControlNumbers(db, tenantId), now },
  );
  return { text: built.text, controlNumber: built.controlNumber };
}

export interface OrderForAck {
  number: string;
  poNumber: string | null;
  createdAt: string;
  lines: Array<{
    line: number;
    sku: string;
    qty: number;
    unitPrice: number;
    qtyAllocated: number;
    qtyShipped: number;
    customerLineRef: string | null;
  }>;
}

/**
 * 855 (X12 004010): per line ACK01 `IA` (item accepted) with what is allocated or already shipped, and
 * `IB` (item backordered) with the rest; BAK02 `AD` (acknowledge, no detail or change) when nothing is
 * backordered, else `AC` (acknowledge, with detail and change). `acceptOrdered` is the
 * ack-backorder-accepted defect: every line acknowledged as ordered, as if all were in stock.
 */
export function ack855Segments(order: OrderForAck, now: string, acceptOrdered = false): X12SegmentSpec[] {
  const accepted = (l: OrderForAck['lines'][number]) =>
    acceptOrdered ? l.qty : Math.min(l.qty, l.qtyAllocated + l.qtyShipped);
  const complete = order.lines.every((l) => accepted(l) >= l.qty);
  const segments: X12SegmentSpec[] = [
    [
      'BAK',
      '00',
      complete ? 'AD' : 'AC',
      order.poNumber ?? order.number,
      x12Date(order.createdAt),
      '',
      '',
      '',
      order.number,
      x12Date(now),
    ],
  ];
  for (const l of order.lines) {
    segments.push(['PO1', l.customerLineRef ?? String(l.line), l.qty, 'EA', money(l.unitPrice), '', 'VP', l.sku]);
    if (accepted(l) > 0) segments.push(['ACK', 'IA', accepted(l), 'EA']);
    if (accepted(l) < l.qty) segments.push(['ACK', 'IB', l.qty - accepted(l), 'EA']);
  }
  segments.push(['CTT', order.lines.length]);
  return segments;
}

interface ShipmentForAsn {
  number: string;
  shippedAt: string;
  trackingNumber: string | null;
  service: string;
  weightKg: number;
  order: { number: string; poNumber: string | null; createdAt: string };
  lines: Array<{ sku: string; qty: number }>;
}

/** 856: shipment → order → items (S/O/I), SN1 quantities as shipped. */
export function asn856Segments(
  shipment: ShipmentForAsn,
  quantity: (qty: number, index: number) => number,
): X12SegmentSpec[] {
  const segments: X12SegmentSpec[] = [
    ['BSN', '00', shipment.number, x12Date(shipment.shippedAt), x12Time(shipment.shippedAt), '0001'],
    ['HL', '1', '', 'S'],
    ['TD1', 'CTN25', shipment.lines.length, '', '', '', 'G', Math.max(1, Math.round(shipment.weightKg)), 'KG'],
    ['TD5', '', '2', 'VIRTUALCARRIER', '', shipment.service],
    ...(shipment.trackingNumber ? [['REF', 'CN', shipment.trackingNumber] as X12SegmentSpec] : []),
    ['DTM', '011', x12Date(shipment.shippedAt)],
    ['HL', '2', '1', 'O'],
    ['PRF', shipment.order.poNumber ?? shipment.order.number, '', '', x12Date(shipment.order.createdAt)],
  ];
  shipment.lines.forEach((line, i) => {
    segments.push(
      ['HL', String(i + 3), '2', 'I'],
      ['LIN', '', 'VP', line.sku],
      ['SN1', '', quantity(line.qty, i), 'EA'],
    );
  });
  segments.push(['CTT', shipment.lines.length + 2]);
  return segments;
}

interface InvoiceForEdi {
  number: string;
  postedAt: string;
  total: number;
  tax: number;
  order: { number: string; poNumber: string | null; createdAt: string };
  lines: Array<{ line: number; sku: string; qty: number; unitPrice: number }>;
}

/** 810: BIG, IT1 lines, TXI for the tax, TDS total in cents (N2), CTT. */
export function invoice810Segments(invoice: InvoiceForEdi): X12SegmentSpec[] {
  const segments: X12SegmentSpec[] = [
    [
      'BIG',
      x12Date(invoice.postedAt),
      invoice.number,
      x12Date(invoice.order.createdAt),
      invoice.order.poNumber ?? invoice.order.number,
    ],
  ];
  for (const l of invoice.lines)
    segments.push(['IT1', String(l.line), l.qty, 'EA', money(l.unitPrice), '', 'VP', l.sku]);
  segments.push(['TDS', invoice.total]);
  if (invoice.tax > 0) segments.push(['TXI', 'ST', money(invoice.tax)]);
  segments.push(['CTT', invoice.lines.length]);
  return segments;
}
