// Virtual payment gateway: authorize, capture, refund with idempotency keys.
// Same Idempotency-Key (per tenant and route) and same body → the stored result, replayed;
// same key with a different body → 422 idempotency_conflict (as real gateways do).
// Decline rules: card token tok_declined → card_declined; tok_insufficient_funds →
// insufficient_funds; amount > 1,000,000.00 (100_000_000 minor units) → amount_too_large.
import type { PartnerReply, PartnerSetup } from '../../src/virtual/index.js';

const MAX_AMOUNT = 100_000_000;
const DECLINED_TOKENS: Record<string, string> = {
  tok_declined: 'card_declined',
  tok_insufficient_funds: 'insufficient_funds',
};

interface Authorization {
  id: string;
  status: 'authorized' | 'declined' | 'captured';
  amount: number;
  currency: string;
  capturedAmount: number;
  captureId?: string;
}
interface Capture {
  captureId: string;
  authorizationId: string;
  amount: number;
  refunded: number;
}

const payment: PartnerSetup = ({ route, reply }) => {
  const authorizations = new Map<string, Authorization>();
  const captures = new Map<string, Capture>();
  const idempotency = new Map<string, { fingerprint: string; reply: PartnerReply }>();
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_${String(++sequence).padStart(6, '0')}`;

  /** Runs `create` once per (tenant, route, key); replays its reply afterwards. */
  const once = async (
    args: {
      request: { headers: { get(name: string): string | null }; text(): Promise<string> };
      tenant?: string;
      scope: string;
    },
    create: (body: Record<string, unknown>) => PartnerReply,
  ) => {
    const key = args.request.headers.get('idempotency-key');
    if (!key)
      return reply.error(400, 'idempotency_key_required', 'Send an Idempotency-Key header with every payment request.');
    const text = await args.request.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return reply.error(400, 'invalid_json', 'The body is not JSON.');
    }
    const slot = `${args.tenant ?? '-'}|${args.scope}|${key}`;
    const fingerprint = JSON.stringify(body);
    const stored = idempotency.get(slot);
    if (stored) {
      if (stored.fingerprint !== fingerprint)
        return reply.error(
          422,
          'idempotency_conflict',
          `Idempotency-Key ${key} was used with a different request body.`,
        );
      return reply.json(JSON.parse(String(stored.reply.body)), {
        status: stored.reply.status,
        headers: { 'idempotent-replayed': 'true' },
      });
    }
    const result = create(body);
    if (result.status < 500) idempotency.set(slot, { fingerprint, reply: result });
    return result;
  };

  route.post('/authorizations', ({ request, tenant }) =>
    once({ request, tenant, scope: 'authorize' }, (body) => {
      const amount = body.amount;
      const currency = typeof body.currency === 'string' ? body.currency : undefined;
      const token = (body.card as { token?: unknown } | undefined)?.token;
      if (!Number.isInteger(amount) || (amount as number) <= 0 || !currency || typeof token !== 'string') {
        return reply.error(400, 'invalid_request', 'amount (positive integer), currency and card.token are required.');
      }
      const id = nextId('auth');
      const declineCode = DECLINED_TOKENS[token] ?? ((amount as number) > MAX_AMOUNT ? 'amount_too_large' : undefined);
      const auth: Authorization = {
        id,
        status: declineCode ? 'declined' : 'authorized',
        amount: amount as number,
        currency,
        capturedAmount: 0,
      };
      authorizations.set(id, auth);
      return reply.json(
        { id, status: auth.status, amount: auth.amount, currency, ...(declineCode ? { declineCode } : {}) },
        { status: 201 },
      );
    }),
  );

  route.post('/authorizations/:id/capture', ({ request, tenant, params }) =>
    once({ request, tenant, scope: `capture:${params.id}` }, (body) => {
      const auth = authorizations.get(params.id!);
      if (!auth) return reply.error(404, 'not_found', `Unknown authorization ${params.id}.`);
      if (auth.status !== 'authorized')
        return reply.error(409, 'not_capturable', `Authorization ${auth.id} is ${auth.status}.`);
      const amount = body.amount ?? auth.amount;
      if (!Number.isInteger(amount) || (amount as number) <= 0)
        return reply.error(400, 'invalid_request', 'amount must be a positive integer.');
      if ((amount as number) > auth.amount)
        return reply.error(
          422,
          'amount_exceeds_authorization',
          `Cannot capture ${amount} of an authorization of ${auth.amount}.`,
        );
      const captureId = nextId('cap');
      auth.status = 'captured';
      auth.capturedAmount = amount as number;
      auth.captureId = captureId;
      captures.set(captureId, { captureId, authorizationId: auth.id, amount: amount as number, refunded: 0 });
      return reply.json({ id: auth.id, captureId, status: 'captured', amount });
    }),
  );

  route.post('/refunds', ({ request, tenant }) =>
    once({ request, tenant, scope: 'refund' }, (body) => {
      const capture = typeof body.captureId === 'string' ? captures.get(body.captureId) : undefined;
      if (!capture) return reply.error(404, 'not_found', `Unknown capture ${String(body.captureId)}.`);
      const amount = body.amount;
      if (!Number.isInteger(amount) || (amount as number) <= 0)
        return reply.error(400, 'invalid_request', 'amount must be a positive integer.');
      if ((amount as number) > capture.amount - capture.refunded) {
        return reply.error(
          422,
          'amount_exceeds_capture',
          `Only ${capture.amount - capture.refunded} of capture ${capture.captureId} is left to refund.`,
        );
      }
      capture.refunded += amount as number;
      return reply.json({ refundId: nextId('re'), status: 'refunded', amount }, { status: 201 });
    }),
  );
};

export default payment;
