// Virtual EDI VAN: stores the X12 the target sends (per trading partner = ISA08 receiver)
// and pushes partners' X12 to the target like a VAN delivery.
// Responses use msw's HttpResponse to show that plain msw responses work in partner
// handlers (the `reply` helpers are faster; the VAN carries little traffic).
import { HttpResponse } from 'msw';
import type { EdiVanMessage, PartnerSetup } from '../../src/virtual/index.js';

/**
 * The few envelope facts the VAN routes by, read with the delimiters of the ISA:
 * element separator = 4th character, ISA16 found by counting 16 separators,
 * segment terminator = the character after ISA16. Not a parser: src/edi is.
 */
export function readEnvelope(
  text: string,
): { sender: string; receiver: string; controlNumber: string; sets: string[] } | undefined {
  const start = text.indexOf('ISA');
  if (
    start < 0 ||
    text
      .slice(0, start)
      .replace(/^\uFEFF/, '')
      .trim() !== ''
  )
    return undefined;
  const separator = text[start + 3];
  if (!separator || /[\w\s]/.test(separator)) return undefined;
  let position = start;
  for (let count = 0; count < 16; count++) {
    position = text.indexOf(separator, position + 1);
    if (position < 0) return undefined;
  }
  const terminator = text[position + 2];
  if (terminator === undefined) return undefined;
  const segments = text
    .slice(start)
    .split(terminator)
    .map((s) => s.trim());
  const isa = segments[0]!.split(separator);
  if (isa.length < 17) return undefined;
  const sets = segments.filter((s) => s.startsWith(`ST${separator}`)).map((s) => s.split(separator)[1]!.trim());
  return { sender: isa[6]!.trim(), receiver: isa[8]!.trim(), controlNumber: isa[13]!.trim(), sets };
}

const van: PartnerSetup = ({ route, now }) => {
  const mailboxes = new Map<string, EdiVanMessage[]>();
  let sequence = 0;

  route.post('/messages', async ({ request }) => {
    const body = await request.text();
    const envelope = readEnvelope(body);
    if (!envelope) {
      return HttpResponse.json(
        {
          error: {
            code: 'not_x12',
            message: 'The body is not an X12 interchange (it must start with an ISA segment).',
          },
        },
        { status: 400 },
      );
    }
    sequence += 1;
    const message: EdiVanMessage = {
      messageId: `van_${String(sequence).padStart(6, '0')}`,
      receivedAt: now().toISOString(),
      ...envelope,
      body,
    };
    const mailbox = mailboxes.get(envelope.receiver) ?? [];
    mailbox.push(message);
    mailboxes.set(envelope.receiver, mailbox);
    const { body: _body, ...receipt } = message;
    return HttpResponse.json(receipt, { status: 202 });
  });

  route.get('/messages', ({ query }) => {
    const partner = query.get('partner');
    const set = query.get('set');
    const all = partner ? (mailboxes.get(partner) ?? []) : [...mailboxes.values()].flat();
    const messages = all
      .filter((m) => !set || m.sets.includes(set))
      .sort((a, b) => a.messageId.localeCompare(b.messageId));
    return HttpResponse.json({ messages });
  });

  route.post('/push', async ({ request }) => {
    const push = (await request.json()) as { targetUrl?: unknown; headers?: Record<string, string>; body?: unknown };
    if (typeof push.targetUrl !== 'string' || !/^https?:\/\//.test(push.targetUrl) || typeof push.body !== 'string') {
      return HttpResponse.json(
        {
          error: {
            code: 'invalid_request',
            message: 'targetUrl (http or https URL) and body (X12 text) are required.',
          },
        },
        { status: 400 },
      );
    }
    try {
      const response = await fetch(push.targetUrl, {
        method: 'POST',
        headers: { ...(push.headers ?? {}), 'content-type': 'application/edi-x12' },
        body: push.body,
        signal: AbortSignal.timeout(15_000),
      });
      return HttpResponse.json({ status: response.status, body: await response.text() });
    } catch (error) {
      const message =
        error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
          : String(error);
      return HttpResponse.json(
        { error: { code: 'push_failed', message: `Failed to deliver to ${push.targetUrl}: ${message}` } },
        { status: 502 },
      );
    }
  });
};

export default van;
