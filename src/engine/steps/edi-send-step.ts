import { isRehearseError } from '../../core/errors.js';
import { buildX12Document, queryX12, type BuiltX12, type X12BuildSpec } from '../../edi/index.js';
import type { EdiSendStep } from '../../schema/index.js';
import { checkSubject, saveFromSubject } from '../checks.js';
import type { StepContext } from '../context.js';
import { runControlNumbers, tenantParty, tradingPartner } from '../edi/edi-parties.js';
import { documentOf, parsedX12View, readableX12 } from '../edi/x12-subject.js';
import { renderValue } from '../evaluate.js';
import type { CheckOutcome, StepAttachment } from '../results.js';
import { mentionsStatus } from '../status-rule.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';
import { adminFailure, callVirtual } from '../virtual/virtual-admin.js';
import { renderHeaders, resolveUrl } from './http-step.js';

/**
 * `edi.send: 850`: builds the set from a template or inline segments (with
 * `{{ }}` rendered), as the trading partner to the tenant, with control
 * numbers unique to the run, and has the virtual EDI VAN deliver it to the
 * target's inbound endpoint. The subject for `expect`/`save` is the target's
 * answer (`status`, `body`), its 997 when it answered with one (`ack`), and
 * the control numbers sent.
 */
export async function executeEdiSend(step: EdiSendStep, ctx: StepContext): Promise<StepOutcome> {
  const setId = step['edi.send'];
  const partner = tradingPartner(ctx, step.partner === undefined ? undefined : String(renderValue(step.partner, ctx)));
  const me = tenantParty(ctx);
  const template = step.template === undefined ? undefined : ctx.engine.project.ediTemplates.get(step.template);
  if (step.template !== undefined && !template)
    throw stepAbort('REHEARSE_UNKNOWN_EDI_TEMPLATE', `Unknown EDI template "${step.template}".`);
  const segments = renderValue(template?.template.segments ?? step.segments ?? [], ctx);
  const envelope = renderValue({ ...template?.template.envelope, ...step.envelope }, ctx) as Partial<X12BuildSpec>;
  const spec: X12BuildSpec = {
    sender: { id: partner.isaId, qualifier: partner.isaQualifier },
    receiver: { id: me.isaId, qualifier: me.isaQualifier },
    ...envelope,
    groups: [{ sender: partner.gsId, receiver: me.gsId, sets: [{ id: setId, segments: segments as never }] }],
  };
  let built: BuiltX12;
  try {
    built = buildX12Document(spec, { controlNumbers: runControlNumbers(ctx), now: ctx.engine.now() });
  } catch (error) {
    if (isRehearseError(error))
      throw stepAbort(error.code, `Failed to build the ${setId}: ${error.message}`, error.hint);
    throw error;
  }
  const group = built.groups[0]!;
  ctx.engine.ediSent.push({
    set: setId,
    sender: partner.isaId,
    receiver: me.isaId,
    interchangeControlNumber: built.controlNumber,
    groupControlNumber: group.controlNumber,
  });

  const targetUrl = resolveUrl(step.to === undefined ? me.inbound : String(renderValue(step.to, ctx)), ctx);
  const headers = {
    ...((await ctx.engine.transport.authHeaders?.()) ?? {}),
    ...renderHeaders(step.headers, ctx),
  };
  const push = await callVirtual(ctx, 'POST', '/edi-van/push', { json: { targetUrl, headers, body: built.text } });
  const exchanges = push.exchange ? [push.exchange] : [];
  const attachments: StepAttachment[] = [
    { name: `${setId} sent to ${me.isaId}`, contentType: 'text/plain', body: readableX12(built.text), when: 'always' },
  ];
  const sent = documentOf(built.text, setId);
  if (sent)
    attachments.push({
      name: `${setId} sent to ${me.isaId} (parsed)`,
      contentType: 'application/json',
      body: parsedX12View(sent),
      when: 'always',
    });
  if (!push.ok)
    return {
      status: 'errored',
      error: adminFailure(push, `deliver the ${setId} through the EDI VAN`),
      exchanges,
      attachments,
    };

  const delivery = push.json as { status: number; body: string };
  const ack = readAck(delivery.body);
  if (ack)
    attachments.push({
      name: `997 from ${me.isaId}`,
      contentType: 'text/plain',
      body: readableX12(delivery.body),
      when: 'always',
    });
  const subject = {
    status: delivery.status,
    body: parseJson(delivery.body),
    ack,
    controlNumber: built.controlNumber,
    groupControlNumber: group.controlNumber,
    setControlNumber: group.sets[0]!.controlNumber,
    partner: partner.code,
  };
  const checks: CheckOutcome[] = [];
  if (!mentionsStatus(step.expect) && ctx.engine.project.config.failOnStatusCode !== false) {
    const passed = delivery.status >= 200 && delivery.status < 300;
    checks.push({
      path: 'status',
      matcher: '2xx',
      expected: '2xx',
      actual: delivery.status,
      passed,
      message: `the target answered the ${setId} with ${delivery.status}${passed ? '' : `: ${delivery.body.slice(0, 300)}`}`,
    });
  }
  checks.push(...checkSubject(subject, step.expect ?? {}, ctx));
  ctx.scope.assign('response', subject);
  const captured = saveFromSubject(subject, step.save, ctx);
  checks.push(...captured.checks);
  return { checks, exchanges, saved: captured.saved, attachments };
}

/** The target's synchronous 997, summarised: AK9 (group) and AK5 (per set) codes. */
function readAck(body: string): Record<string, unknown> | undefined {
  const ack = /^\s*\uFEFF?ISA/.test(body) ? documentOf(body, '997') : undefined;
  if (!ack) return undefined;
  const code = queryX12(ack.set, 'AK901');
  return {
    code,
    accepted: code === 'A' || code === 'E',
    groupControlNumber: queryX12(ack.set, 'AK102'),
    sets: queryX12(ack.set, 'AK5[*].01'),
    text: body,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
