import { stringifyJson } from '../../core/stringify-json.js';
import { validateX12 } from '../../edi/x12/validate/validate-x12.js';
import type { EdiExpectStep } from '../../schema/index.js';
import type { EdiVanMessage } from '../../virtual/index.js';
import type { StepContext } from '../context.js';
import { tenantParty, tradingPartner, type EdiParty } from '../edi/edi-parties.js';
import { checkX12, documentOf, parsedX12View, readX12Path, readableX12, type X12Document } from '../edi/x12-subject.js';
import { saveFromSubject } from '../checks.js';
import { renderValue } from '../evaluate.js';
import { pollUntil } from '../poll.js';
import type { CheckOutcome, ExchangeRecord, StepAttachment } from '../results.js';
import type { StepOutcome } from '../step-registry.js';
import { adminFailure, callVirtual, type AdminCall } from '../virtual/virtual-admin.js';

interface Look {
  call: AdminCall;
  candidates: number;
  found?: X12Document;
  ack?: { sent: boolean; detail: string };
}

/**
 * `edi.expect: 856`: eventually the VAN received, since this scenario started,
 * a document of this set from the tenant to the partner (the one `where`
 * picks, else the newest); it validates (`valid: false` to skip); `expect`
 * paths hold; `save` reads from it; `ack997` checks whether the target sent a
 * 997 for the last document this run sent.
 */
export async function executeEdiExpect(step: EdiExpectStep, ctx: StepContext): Promise<StepOutcome> {
  const setId = step['edi.expect'];
  const partner = tradingPartner(ctx, step.partner === undefined ? undefined : String(renderValue(step.partner, ctx)));
  const me = tenantParty(ctx);
  const where = (renderValue(step.where ?? {}, ctx) ?? {}) as Record<string, unknown>;
  const since = ctx.engine.scenarioStartedAt;
  const exchanges: ExchangeRecord[] = [];
  const keep = (call: AdminCall) => call.exchange && exchanges.splice(0, exchanges.length, call.exchange);

  const look = async (): Promise<Look> => {
    const call = await callVirtual(ctx, 'GET', '/edi-van/messages', { query: { partner: partner.isaId, set: setId } });
    keep(call);
    if (!call.ok) return { call, candidates: 0 };
    const messages = ((call.json as { messages?: EdiVanMessage[] }).messages ?? []).filter(
      (m) => m.sender === me.isaId && m.receivedAt >= since,
    );
    let found: X12Document | undefined;
    for (const message of [...messages].reverse()) {
      const doc = toDocument(message, setId);
      if (doc && checkX12(doc, where).every((c) => c.passed)) {
        found = doc;
        break;
      }
    }
    const ack = step.ack997 ? await lookForAck(ctx, me, keep) : undefined;
    return { call, candidates: messages.length, found, ...(ack ? { ack } : {}) };
  };
  const wanted = step.ack997 === 'sent';
  const { last, attempts } = await pollUntil(
    ctx,
    step,
    look,
    (l) => !l.call.ok || (l.found !== undefined && (step.ack997 === undefined || l.ack?.sent === wanted)),
  );
  if (!last.call.ok)
    return { status: 'errored', error: adminFailure(last.call, 'read the EDI VAN mailbox'), exchanges };

  const checks: CheckOutcome[] = [];
  const attachments: StepAttachment[] = [];
  const whereText = Object.keys(where).length ? ` where ${stringifyJson(where)}` : '';
  checks.push({
    path: `${setId} to ${partner.isaId}`,
    matcher: 'received',
    expected: `an ${setId} from ${me.isaId} to ${partner.isaId}${whereText}`,
    actual: last.found ? last.found.extra?.messageId : `${last.candidates} other ${setId}(s)`,
    passed: last.found !== undefined,
    message: last.found
      ? `the VAN received ${setId} ${last.found.extra?.messageId} from ${me.isaId} to ${partner.code}`
      : `no ${setId} from ${me.isaId} to ${partner.code} (${partner.isaId})${whereText} reached the VAN since the scenario started (${last.candidates} other ${setId}(s) did; ${attempts} look(s))`,
  });
  if (step.ack997) {
    checks.push({
      path: 'ack997',
      matcher: 'ack997',
      expected: step.ack997,
      actual: last.ack?.sent ? 'sent' : 'not-sent',
      passed: last.ack?.sent === wanted,
      message: `997 for the last document sent: ${last.ack?.detail ?? 'nothing was sent in this run'}`,
    });
  }
  const doc = last.found;
  if (!doc) return { checks, exchanges, attempts, attachments };

  attachments.push(
    {
      name: `${setId} received by ${partner.code}`,
      contentType: 'text/plain',
      body: readableX12(doc.text),
      when: 'always',
    },
    {
      name: `${setId} received by ${partner.code} (parsed)`,
      contentType: 'application/json',
      body: parsedX12View(doc),
      when: 'always',
    },
  );
  if (step.valid !== false) {
    const verdict = validateX12(doc.text, { file: `${doc.extra?.messageId}.x12` });
    const errors = verdict.problems.filter((p) => p.severity === 'error');
    checks.push({
      path: 'valid',
      matcher: 'valid',
      expected: 'a valid X12 document',
      actual: errors.slice(0, 10).map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`),
      passed: errors.length === 0,
      message: errors.length
        ? `the ${setId} is invalid: ${errors
            .slice(0, 3)
            .map((p) => `line ${p.line}:${p.column} ${p.code}: ${p.message}`)
            .join('; ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}`
        : `the ${setId} is valid`,
    });
  }
  checks.push(...checkX12(doc, (renderValue(step.expect ?? {}, ctx) ?? {}) as Record<string, unknown>));
  const captured = saveFromSubject(doc, step.save, ctx, (_subject, path) => safeRead(doc, path));
  checks.push(...captured.checks);
  return { checks, exchanges, attempts, attachments, saved: captured.saved };
}

function toDocument(message: EdiVanMessage, setId: string): X12Document | undefined {
  return documentOf(message.body, setId, { messageId: message.messageId, receivedAt: message.receivedAt });
}

function safeRead(doc: X12Document, path: string): { found: boolean; value?: unknown; error?: string } {
  try {
    return readX12Path(doc, path);
  } catch (error) {
    return { found: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Did the target send a 997 for the newest document of this run (AK1-02 = its GS06)? */
async function lookForAck(
  ctx: StepContext,
  me: EdiParty,
  keep: (call: AdminCall) => unknown,
): Promise<{ sent: boolean; detail: string } | undefined> {
  const sent = ctx.engine.ediSent.at(-1);
  if (!sent) return { sent: false, detail: 'this run sent no EDI document yet' };
  const call = await callVirtual(ctx, 'GET', '/edi-van/messages', { query: { partner: sent.sender, set: '997' } });
  keep(call);
  if (!call.ok) return { sent: false, detail: `the VAN mailbox could not be read (${call.status})` };
  const messages = ((call.json as { messages?: EdiVanMessage[] }).messages ?? []).filter((m) => m.sender === me.isaId);
  for (const message of messages) {
    const doc = toDocument(message, '997');
    if (doc && readX12Path(doc, 'AK102').value === sent.groupControlNumber) {
      return {
        sent: true,
        detail: `997 ${message.messageId} acknowledges group ${sent.groupControlNumber} (${sent.set})`,
      };
    }
  }
  return {
    sent: false,
    detail: `no 997 for group ${sent.groupControlNumber} (${sent.set}) in ${sent.sender}'s mailbox`,
  };
}
