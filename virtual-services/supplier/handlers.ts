// Virtual supplier: purchase orders and confirmations.
// Stock rule (documented, deterministic): each SKU starts with 1,000 units per server
// (per reset); SKUs starting with "BO-" have none. Confirmed quantities reduce the stock;
// the rest of a line is backordered. Confirmed lines are promised for the later of
// needBy and today + 3 days; fully backordered lines for today + 21 days.
// A PO number re-sent by the same buyer returns the stored confirmation (safe retries).
import type { PartnerSetup } from '../../src/virtual/index.js';

export const INITIAL_STOCK = 1000;
const LEAD_DAYS = 3;
const BACKORDER_DAYS = 21;

interface PoLine {
  sku: string;
  qty: number;
  confirmedQty: number;
  backorderedQty: number;
  promisedDate: string;
}
interface PurchaseOrder {
  poNumber: string;
  buyer: string;
  confirmationId: string;
  status: 'confirmed' | 'partially-backordered';
  lines: PoLine[];
}

const supplier: PartnerSetup = ({ route, reply, now }) => {
  const orders = new Map<string, PurchaseOrder>();
  const stock = new Map<string, number>();
  let sequence = 0;
  const available = (sku: string) => stock.get(sku) ?? (sku.startsWith('BO-') ? 0 : INITIAL_STOCK);
  const day = (offset: number) => new Date(now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const view = (po: PurchaseOrder) => ({
    poNumber: po.poNumber,
    confirmationId: po.confirmationId,
    status: po.status,
    lines: po.lines,
  });

  route.post('/purchase-orders', async ({ request, tenant }) => {
    const body = (await request.json()) as {
      poNumber?: string;
      buyer?: string;
      lines?: { sku: string; qty: number; needBy?: string }[];
    };
    if (!body.poNumber || !Array.isArray(body.lines) || body.lines.length === 0) {
      return reply.error(400, 'invalid_request', 'poNumber and at least one line are required.');
    }
    const bad = body.lines.find((l) => typeof l.sku !== 'string' || !Number.isInteger(l.qty) || l.qty <= 0);
    if (bad)
      return reply.error(
        422,
        'invalid_line',
        `Line ${JSON.stringify(bad.sku)}: sku and a positive integer qty are required.`,
      );
    const buyer = body.buyer ?? tenant ?? '-';
    const key = `${buyer}|${body.poNumber}`;
    const existing = orders.get(key);
    if (existing) return reply.json(view(existing), { status: 201, headers: { 'idempotent-replayed': 'true' } });
    const earliest = day(LEAD_DAYS);
    const lines = body.lines.map((line): PoLine => {
      const confirmedQty = Math.min(line.qty, available(line.sku));
      stock.set(line.sku, available(line.sku) - confirmedQty);
      const needBy = typeof line.needBy === 'string' ? line.needBy : earliest;
      const promisedDate = confirmedQty > 0 ? (needBy > earliest ? needBy : earliest) : day(BACKORDER_DAYS);
      return { sku: line.sku, qty: line.qty, confirmedQty, backorderedQty: line.qty - confirmedQty, promisedDate };
    });
    sequence += 1;
    const po: PurchaseOrder = {
      poNumber: body.poNumber,
      buyer,
      confirmationId: `SC-${String(sequence).padStart(6, '0')}`,
      status: lines.some((l) => l.backorderedQty > 0) ? 'partially-backordered' : 'confirmed',
      lines,
    };
    orders.set(key, po);
    return reply.json(view(po), { status: 201 });
  });

  route.get('/purchase-orders/:poNumber', ({ params, tenant }) => {
    // A buyer sees its own orders; without X-Tenant-Id any buyer's order with that number.
    const po = tenant
      ? orders.get(`${tenant}|${params.poNumber}`)
      : [...orders.values()].find((o) => o.poNumber === params.poNumber);
    if (!po) return reply.error(404, 'not_found', `Unknown purchase order ${params.poNumber}.`);
    return reply.json(view(po));
  });
};

export default supplier;
