import { checkEgress } from '../../core/egress.js';
import { isRehearseError } from '../../core/errors.js';
import { parseJsonBody } from '../../core/parse-json-body.js';
// The EDI modules themselves, not rehearse/edi's index: it exports the TypeBox schemas too.
import type { X12BuildSpec } from '../../edi/x12/build-spec.js';
import { buildX12Document, type BuiltX12 } from '../../edi/x12/build-x12.js';
import { queryX12 } from '../../edi/x12/query-x12.js';
import type { EdiSendStep } from '../../schema/index.js';
import { checkSubject, saveFromSubject } from '../checks.js';
import type { StepContext } from '../context.js';
import { runControlNumbers, tenantParty, tradingPartner } from '../edi/edi-parties.js';
import { documentOf, parsedX12View, readableX12 } from '../edi/x12-subject.js';
import { renderValue } from '../evaluate.js';
import type { CheckOutcome, StepAttachment } from '../results.js';
import { readsStatus } from '../status-rule.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';
import { adminFailure, callVirtual } from '../virtual/virtual-admin.js';
import { renderHeaders, resolveUrl } from './http-step.js';
import { renderUrl } from '../render-url.js';

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
  const targetUrl = resolveUrl(step.to === undefined ? me.inbound : renderUrl(step.to, ctx), ctx);
  const refused = deliveryRefusal(targetUrl, setId, ctx);
  if (refused) return { status: 'errored', error: refused };
  ctx.engine.ediSent.push({
    set: setId,
    sender: partner.isaId,
    receiver: me.isaId,
    interchangeControlNumber: built.controlNumber,
    groupControlNumber: group.controlNumber,
  });

  const headers = {
    ...((await ctx.engine.transport.authHeaders?.()) ?? {}),
    ...renderHeaders(step.headers, ctx),
  };
  const push = await callVirtual(ctx, 'POST', '/edi-van/push', {
    json: {
      targetUrl,
      headers,
      body: built.text,
      // The VAN checks the target against the run's list too, and answers before the run's own timeout.
      ...(ctx.engine.transport.policy ? { allowedHosts: ctx.engine.transport.policy.allowedHosts } : {}),
      timeoutMs: deliveryTimeout(ctx.engine.requestTimeoutMs),
    },
  });
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

  const delivery = push.json as { status: number; body: string; location?: string };
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
  if (!readsStatus(step.expect, step.save) && ctx.engine.project.config.failOnStatusCode !== false) {
    const passed = delivery.status >= 200 && delivery.status < 300;
    checks.push({
      path: 'status',
      matcher: '2xx',
      expected: '2xx',
      actual: delivery.status,
      passed,
      message: `the target answered the ${setId} with ${delivery.status}${passed ? '' : answerExcerpt(delivery)}`,
    });
  }
  checks.push(...checkSubject(subject, step.expect ?? {}, ctx));
  ctx.scope.assign('response', subject);
  const captured = saveFromSubject(subject, step.save, ctx);
  checks.push(...captured.checks);
  return { checks, exchanges, saved: captured.saved, attachments };
}

/**
 * `edi.send` has the VAN connect to the target with the tenant's credentials,
 * so the run checks that connection itself before asking: the target's host
 * must be allowed, and in production (unless the scenario is prod-safe) it is
 * refused outright, since delivering a partner's document creates data.
 */
function deliveryRefusal(targetUrl: string, setId: string, ctx: StepContext) {
  const policy = ctx.engine.transport.policy;
  if (!policy) return undefined;
  const url = new URL(targetUrl);
  const action = ctx.engine.redactor.redactText(`deliver the ${setId} to ${url.origin}${url.pathname}`);
  const refused = checkEgress(url, policy.allowedHosts, { action });
  if (refused) return { code: refused.code, message: refused.message, hint: refused.hint };
  if (policy.production && !policy.prodSafe)
    return {
      code: 'REHEARSE_PRODUCTION_GUARD',
      message: `Failed to ${action}: the environment is marked production, and edi.send creates data in the target (the VAN delivers the ${setId} as the trading partner's document).`,
      hint: 'Production runs only what reads. If this scenario is truly safe to run against production, tag it prod-safe.',
    };
  return undefined;
}

/** The VAN gives up a little before the run's request to it does, so its own message (the target hung) arrives. */
function deliveryTimeout(requestTimeoutMs: number): number {
  return Math.max(100, requestTimeoutMs - Math.min(1000, Math.round(requestTimeoutMs / 10)));
}

function answerExcerpt(delivery: { status: number; body: string; location?: string }): string {
  if (delivery.status >= 300 && delivery.status < 400)
    return `, a redirect${delivery.location ? ` to ${delivery.location}` : ''} that the VAN does not follow (a delivery goes to the URL given, never elsewhere with the tenant's credentials)`;
  return `: ${delivery.body.slice(0, 300)}`;
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
    return parseJsonBody(text);
  } catch {
    return text;
  }
}
