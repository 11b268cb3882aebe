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

const van: PartnerSetup = ({ route, now, relay }) => {
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

  // Delivers a partner's X12 to the target, like a VAN: through `relay`, which
  // refuses hosts that neither the run (`allowedHosts`) nor the server
  // (`--allow-host`) allows, follows no redirect and gives up after `timeoutMs`.
  route.post('/push', async ({ request }) => {
    const push = (await request.json()) as {
      targetUrl?: unknown;
      headers?: Record<string, string>;
      body?: unknown;
      allowedHosts?: unknown;
      timeoutMs?: unknown;
    };
    if (
      typeof push.targetUrl !== 'string' ||
      !/^https?:\/\//i.test(push.targetUrl) ||
      typeof push.body !== 'string' ||
      (push.allowedHosts !== undefined &&
        !(Array.isArray(push.allowedHosts) && push.allowedHosts.every((h) => typeof h === 'string'))) ||
      (push.timeoutMs !== undefined && (typeof push.timeoutMs !== 'number' || !(push.timeoutMs > 0)))
    ) {
      return HttpResponse.json(
        {
          error: {
            code: 'invalid_request',
            message:
              'targetUrl (http or https URL) and body (X12 text) are required; allowedHosts is a list of hosts, timeoutMs a positive number.',
          },
        },
        { status: 400 },
      );
    }
    const delivered = await relay({
      url: push.targetUrl,
      method: 'POST',
      headers: { ...(push.headers ?? {}), 'content-type': 'application/edi-x12' },
      body: push.body,
      ...(push.allowedHosts ? { allowedHosts: push.allowedHosts as string[] } : {}),
      ...(push.timeoutMs ? { timeoutMs: push.timeoutMs as number } : {}),
    });
    if (!delivered.ok) return HttpResponse.json({ error: delivered.error }, { status: delivered.status });
    return HttpResponse.json({
      status: delivered.status,
      body: delivered.body,
      ...(delivered.location ? { location: delivered.location } : {}),
    });
  });
};

export default van;
