import { acknowledge, parseX12, type Interchange, type TransactionSet } from '../../src/edi/index.js';
import { ApiError } from '../http/api-error.js';
import { createOrder } from '../domain/orders.js';
import type { TenantContext } from '../domain/tenant-context.js';
import { partnerByIsaId, tenantEdiIdentity, type TradingPartnerRow } from './edi-identity.js';
import { recordEdiMessage } from './edi-messages.js';
import { queueDelivery } from './outbound.js';

export interface InboundAnswer {
  /** The 997 for what was received, also queued for delivery to the partner's mailbox. */
  ack?: string;
  received: Array<{ set: string; controlNumber: string; status: string; order?: string; error?: string }>;
}

/**
 * What the VAN delivers to `POST /edi/inbound`: every interchange is checked
 * and acknowledged with a 997 (answered at once and delivered to the partner
 * through the VAN); an accepted 850 becomes a sales order for the partner's
 * customer. A bad document gets a rejecting 997, never a crash.
 */
export function receiveInbound(ctx: TenantContext, text: string): InboundAnswer {
  const parsed = parseX12(text);
  if (parsed.interchanges.length === 0) {
    const first = parsed.diagnostics[0];
    throw new ApiError(400, 'NOT_X12', `Failed to read the EDI document: ${first?.message ?? 'no ISA segment found'}.`);
  }
  const me = tenantEdiIdentity(ctx.db, ctx.tenantId);
  const answer: InboundAnswer = { received: [] };
  const acks: string[] = [];
  for (const interchange of parsed.interchanges) {
    const sender = element(interchange.header.elements, 6);
    const receiver = element(interchange.header.elements, 8);
    if (receiver !== me.isaId)
      throw new ApiError(
        422,
        'WRONG_RECEIVER',
        `Failed to accept interchange ${element(interchange.header.elements, 13)}: it is addressed to ${receiver}, this tenant is ${me.isaId}.`,
      );
    const partner = partnerByIsaId(ctx.db, ctx.tenantId, sender);
    if (!partner)
      throw new ApiError(
        403,
        'UNKNOWN_TRADING_PARTNER',
        `Failed to accept interchange ${element(interchange.header.elements, 13)}: ${sender} is not a trading partner of this tenant.`,
      );
    const ack = acknowledge(interchange);
    for (const [g, group] of interchange.groups.entries()) {
      for (const set of group.sets) {
        const verdict = ack.groups[g]?.sets.find((s) => s.controlNumber === set.controlNumber);
        // The defect: the order is booked from a rejected 850 too (the 997 still rejects it).
        const accepted =
          verdict === undefined ||
          verdict.status !== 'R' ||
          (set.id === '850' && ctx.defects.has('edi-rejected-850-creates-order'));
        answer.received.push(receiveSet(ctx, partner, set, accepted, verdict?.codes ?? []));
      }
    }
    if (ack.text) {
      acks.push(ack.text);
      const id = recordEdiMessage(ctx.db, ctx.tenantId, {
        direction: 'out',
        set: '997',
        partner: partner.code,
        controlNumber: ack.controlNumber,
        status: 'queued',
        body: ack.text,
      });
      queueDelivery(ctx, id, `997:${ack.controlNumber}`);
    }
  }
  if (acks.length) answer.ack = acks.join('');
  return answer;
}

function receiveSet(
  ctx: TenantContext,
  partner: TradingPartnerRow,
  set: TransactionSet,
  accepted: boolean,
  codes: string[],
): InboundAnswer['received'][number] {
  const body = set.segments.map((s) => s.elements.join(set.delimiters.element)).join(set.delimiters.segment);
  const base = { set: set.id, controlNumber: set.controlNumber };
  if (!accepted) {
    recordEdiMessage(ctx.db, ctx.tenantId, {
      direction: 'in',
      set: set.id,
      partner: partner.code,
      controlNumber: set.controlNumber,
      status: 'rejected',
      body,
      errors: codes.map((c) => `AK5 ${c}`),
    });
    return { ...base, status: 'rejected' };
  }
  if (set.id !== '850') {
    recordEdiMessage(ctx.db, ctx.tenantId, {
      direction: 'in',
      set: set.id,
      partner: partner.code,
      controlNumber: set.controlNumber,
      status: 'received',
      body,
    });
    return { ...base, status: 'received' };
  }
  try {
    const order = createOrder(ctx, orderFrom850(ctx, partner, set), 'edi') as { id: string; number: string };
    const row = ctx.db.get<{ id: number }>('SELECT id FROM sales_orders WHERE tenant_id = ? AND number = ?', [
      ctx.tenantId,
      order.number,
    ]);
    recordEdiMessage(ctx.db, ctx.tenantId, {
      direction: 'in',
      set: '850',
      partner: partner.code,
      controlNumber: set.controlNumber,
      status: 'processed',
      ...(row ? { orderId: row.id } : {}),
      body,
    });
    return { ...base, status: 'processed', order: order.number };
  } catch (error) {
    const message =
      error instanceof ApiError
        ? [`${error.code}: ${error.message}`, ...(error.fields ?? []).map((f) => `${f.path}: ${f.message}`)].join('; ')
        : 'the order could not be created';
    recordEdiMessage(ctx.db, ctx.tenantId, {
      direction: 'in',
      set: '850',
      partner: partner.code,
      controlNumber: set.controlNumber,
      status: 'failed',
      body,
      errors: [message],
    });
    return { ...base, status: 'failed', error: message };
  }
}

/** BEG03 → PO number; PO1 → lines (qty PO102, SKU after a VP/BP/SK/IN qualifier); the partner's customer. */
function orderFrom850(ctx: TenantContext, partner: TradingPartnerRow, set: TransactionSet) {
  const customer = ctx.db.get<{ code: string }>(
    'SELECT code FROM customers WHERE tenant_id = ? AND trading_partner = ? ORDER BY code LIMIT 1',
    [ctx.tenantId, partner.code],
  );
  if (!customer) throw new ApiError(422, 'NO_CUSTOMER', `No customer of this tenant trades as ${partner.code}.`);
  const beg = set.segments.find((s) => s.id === 'BEG')?.elements ?? [];
  const lines = set.segments
    .filter((s) => s.id === 'PO1')
    .map((s) => {
      const e = s.elements;
      let sku = '';
      for (let i = 6; i + 1 < e.length; i += 2) {
        if (['VP', 'BP', 'SK', 'IN', 'VN'].includes(e[i] ?? '') && e[i + 1]) {
          sku = e[i + 1]!;
          if (e[i] === 'VP' || e[i] === 'SK') break;
        }
      }
      return { sku, qty: Number(e[2] ?? 0), customerLineRef: e[1] || undefined };
    });
  const dtm = set.segments.find((s) => s.id === 'DTM' && (s.elements[1] === '002' || s.elements[1] === '010'));
  const requested = dtm?.elements[2];
  return {
    customer: customer.code,
    poNumber: element(beg, 3).slice(0, 40) || undefined,
    ...(requested && /^\d{8}$/.test(requested)
      ? { requestedDate: `${requested.slice(0, 4)}-${requested.slice(4, 6)}-${requested.slice(6, 8)}` }
      : {}),
    lines: lines.map((l) => ({
      sku: l.sku,
      qty: l.qty,
      ...(l.customerLineRef ? { customerLineRef: l.customerLineRef } : {}),
    })),
  };
}

function element(elements: readonly string[], index: number): string {
  return (elements[index] ?? '').trim();
}

export type { Interchange };
