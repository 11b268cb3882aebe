import type { VirtualStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import type { ExchangeRecord } from '../results.js';
import type { StepOutcome } from '../step-registry.js';
import { adminFailure, callVirtual, runTenantId, scopeFields } from '../virtual/virtual-admin.js';

interface LayerInfo {
  layer: string;
  profile?: string;
  rules: unknown[];
}

/**
 * `virtual: carrier` with `profile` or `faults`, optionally for the `next` N
 * requests only. Scoped by default to this run's work — the partner calls
 * that carry the run's trace id — so scenarios running in parallel, even of
 * one tenant, do not disturb each other (`scope: tenant` or `all` for targets
 * that do not propagate trace context). The change lasts until the scenario
 * ends: the run then puts back what it replaced (see restoreVirtualFaults).
 */
export async function executeVirtual(step: VirtualStep, ctx: StepContext): Promise<StepOutcome> {
  const partner = step.virtual;
  const path = `/__admin/partners/${encodeURIComponent(partner)}/faults`;
  const scope = step.scope ?? 'run';
  const target = scopeFields(ctx, scope);
  const tenant = target.tenant;
  const exchanges: ExchangeRecord[] = [];
  const track = <T extends { exchange?: ExchangeRecord }>(call: T): T => (
    call.exchange && exchanges.push(call.exchange),
    call
  );

  const key = `${partner}/${scope}`;
  if (scope === 'run') ctx.engine.virtualChanges.set(key, { partner, scope, rules: [] });
  else if (!ctx.engine.virtualChanges.has(key)) {
    const current = track(await callVirtual(ctx, 'GET', path));
    if (!current.ok)
      return { status: 'errored', error: adminFailure(current, `read the faults of ${partner}`), exchanges };
    const layers = (current.json as { layers?: LayerInfo[] }).layers ?? [];
    const replaced = layers.find((l) => l.layer === (tenant ? `tenant:${tenant}` : 'default'));
    ctx.engine.virtualChanges.set(key, {
      partner,
      scope,
      rules: replaced?.rules ?? [],
      ...(replaced?.profile ? { profile: replaced.profile } : {}),
    });
  }

  const selection: Record<string, unknown> = {
    ...(step.profile !== undefined ? { profile: step.profile } : {}),
    ...(step.faults !== undefined ? { rules: renderValue(step.faults, ctx) } : {}),
    ...target,
  };
  const next = step.next === undefined ? undefined : Number(renderValue(step.next, ctx));
  const call = track(
    next === undefined
      ? await callVirtual(ctx, 'PUT', path, { json: selection })
      : await callVirtual(ctx, 'POST', `${path}/next`, { json: { ...selection, requests: next } }),
  );
  if (!call.ok) return { status: 'errored', error: adminFailure(call, `change the faults of ${partner}`), exchanges };
  return { exchanges };
}

/**
 * Puts back every fault layer a `virtual` step replaced, and drops what is
 * left of its "next N requests" overlays, so that one scenario's faults never
 * leak into the next one of the same tenant.
 */
export async function restoreVirtualFaults(ctx: StepContext): Promise<StepOutcome> {
  const saved = [...ctx.engine.virtualChanges.values()];
  ctx.engine.virtualChanges.clear();
  const exchanges: ExchangeRecord[] = [];
  for (const layer of saved) {
    const partner = encodeURIComponent(layer.partner);
    if (layer.scope === 'run') {
      // The run's own layers (and unused overlays) go; nobody else had them.
      const cleared = await callVirtual(ctx, 'POST', `/__admin/partners/${partner}/reset`, {
        json: { traceId: ctx.engine.run.traceId, faults: true, journal: false, state: false },
      });
      if (cleared.exchange) exchanges.push(cleared.exchange);
      if (!cleared.ok)
        return { status: 'errored', error: adminFailure(cleared, `restore the faults of ${layer.partner}`), exchanges };
      continue;
    }
    const tenant = layer.scope === 'tenant' ? runTenantId(ctx) : undefined;
    if (tenant) {
      // Clears the tenant's layers including unused overlays; the journal and partner state stay.
      const cleared = await callVirtual(ctx, 'POST', `/__admin/partners/${partner}/reset`, {
        json: { tenant, faults: true, journal: false, state: false },
      });
      if (cleared.exchange) exchanges.push(cleared.exchange);
      if (!cleared.ok)
        return { status: 'errored', error: adminFailure(cleared, `restore the faults of ${layer.partner}`), exchanges };
    }
    const selection = {
      ...(layer.profile ? { profile: layer.profile } : { rules: layer.rules }),
      ...(tenant ? { tenant } : {}),
    };
    const put = await callVirtual(ctx, 'PUT', `/__admin/partners/${partner}/faults`, { json: selection });
    if (put.exchange) exchanges.push(put.exchange);
    if (!put.ok)
      return { status: 'errored', error: adminFailure(put, `restore the faults of ${layer.partner}`), exchanges };
  }
  return { exchanges };
}
