import type { Rng } from '../../core/rng.js';
import { compileFaultRule, type CompiledRule } from './compile-fault-rule.js';
import type { FaultRule } from './fault-profile-schema.js';
import type { AppliedFault, FaultDecision, RequestFacts } from './fault-types.js';
import { TokenBucket } from './token-bucket.js';

/** A set of rules active for a partner: the default profile, a tenant's profile, or a "next N requests" overlay. */
export interface FaultLayerInfo {
  layer: string;
  tenant?: string;
  /** Only requests carrying this W3C trace id (one scenario run's work). */
  traceId?: string;
  profile?: string;
  rules: FaultRule[];
  /** For `next` layers: requests left before the layer is removed. */
  remaining?: number;
}

interface Layer extends FaultLayerInfo {
  compiled: CompiledRule[];
}

/** The random stream of one rule for the request being decided, by stream name. */
export type FaultDraws = (stream: string) => Rng;

/**
 * The fault engine of one partner. Rules come in layers, evaluated in this
 * order: "next N requests" overlays (oldest first), tenant layers, the default
 * layer. Within and across layers every matching rule is evaluated in order:
 * latencies add up; the first rule that fires with a response-replacing fault
 * (error, reset, hang, rate limit) ends the evaluation; the first body fault
 * (empty, malformed, truncated, dribble) shapes the real response.
 *
 * Randomness: the caller names each request's draws (`FaultDraws`, keyed on
 * seed, scenario run, partner, route and call index); each rule draws from
 * its own stream `<layer kind>/<rule label>`, so a rule skipped by its
 * counters, a rate limit or another rule never shifts another rule's draws.
 * Counters (`after`, `times`, `during`, `next N`, rate limits) are the
 * partner's state and count the requests that reach their layer: a trace
 * layer's only that scenario run's, a tenant or default layer's everyone's.
 *
 * @example
 * const faults = new PartnerFaults();
 * faults.setLayer({ layer: 'default', profile: 'flaky', rules });
 * faults.decide(facts, Date.now(), (stream) => keyedRng('42', ['tenant', 'acme', 'carrier', 'GET /rates', 1, stream]))
 * // undefined when nothing fires
 */
export class PartnerFaults {
  private layers: Layer[] = [];

  /** Replaces the layer with the same name (`default`, `tenant:<id>`); an empty rule list removes it. */
  setLayer(info: Omit<FaultLayerInfo, 'remaining'>): void {
    this.layers = this.layers.filter((l) => l.layer !== info.layer);
    if (info.rules.length === 0) return;
    const layer: Layer = { ...info, compiled: info.rules.map((rule, i) => compileFaultRule(rule, i, info.tenant)) };
    const nextLayers = this.layers.filter((l) => l.layer === 'next');
    const traceLayers = this.layers.filter((l) => l.layer.startsWith('trace:'));
    const tenantLayers = this.layers.filter((l) => l.layer.startsWith('tenant:'));
    const defaultLayers = this.layers.filter((l) => l.layer === 'default');
    if (info.layer === 'default') defaultLayers.push(layer);
    else if (info.layer.startsWith('trace:')) traceLayers.push(layer);
    else tenantLayers.push(layer);
    this.layers = [...nextLayers, ...traceLayers, ...tenantLayers, ...defaultLayers];
  }

  /** Adds rules for the next `requests` requests (of `tenant`, when given), then they vanish. */
  addNext(info: { rules: FaultRule[]; requests: number; tenant?: string; traceId?: string; profile?: string }): void {
    const layer: Layer = {
      layer: 'next',
      tenant: info.tenant,
      ...(info.traceId !== undefined ? { traceId: info.traceId } : {}),
      profile: info.profile,
      rules: info.rules,
      remaining: info.requests,
      compiled: info.rules.map((rule, i) => compileFaultRule(rule, i, info.tenant)),
    };
    const lastNext = this.layers.findLastIndex((l) => l.layer === 'next');
    this.layers.splice(lastNext + 1, 0, layer);
  }

  /** Removes layers: all, those of one tenant, or those of one trace (scenario run). */
  clear(scope: { tenant?: string; traceId?: string } = {}): void {
    const { tenant, traceId } = scope;
    if (traceId !== undefined) this.layers = this.layers.filter((l) => l.traceId !== traceId);
    else if (tenant !== undefined) this.layers = this.layers.filter((l) => l.tenant !== tenant);
    else this.layers = [];
  }

  describe(): FaultLayerInfo[] {
    return this.layers.map(({ compiled: _compiled, ...info }) => ({ ...info, rules: [...info.rules] }));
  }

  get active(): boolean {
    return this.layers.length > 0;
  }

  /** What happens to one request; `now` in epoch ms (windows, rate limits); undefined when nothing fires. */
  decide(facts: RequestFacts, now: number, draws: FaultDraws): FaultDecision | undefined {
    if (this.layers.length === 0) return undefined;
    const tenantKey = facts.tenant ?? '-';
    const streams = new Map<string, number>();
    let decision: FaultDecision | undefined;
    const applied: AppliedFault[] = [];
    let latencyMs = 0;
    for (const layer of [...this.layers]) {
      if (layer.traceId !== undefined && layer.traceId !== facts.traceId) continue;
      if (layer.remaining !== undefined) {
        if (layer.tenant !== undefined && layer.tenant !== facts.tenant) continue;
        layer.remaining -= 1;
        if (layer.remaining <= 0) this.layers = this.layers.filter((l) => l !== layer);
      }
      const kind = layer.layer.startsWith('trace:') ? 'trace' : layer.layer;
      for (const rule of layer.compiled) {
        if (!rule.matches(facts)) continue;
        // Two layers of one kind may hold rules of one label: the second gets its own stream, not a copy.
        const name = `${kind}/${rule.label}`;
        const seenName = streams.get(name) ?? 0;
        streams.set(name, seenName + 1);
        let rng: Rng | undefined;
        const draw = () => (rng ??= draws(seenName === 0 ? name : `${name}#${seenName + 1}`));
        const state = rule.state;
        const seen = state.seen++;
        if (seen < rule.after) continue;
        if (rule.times !== undefined && seen - rule.after >= rule.times) continue;
        if (rule.duringMs !== undefined) {
          state.firstAt ??= now;
          if (now - state.firstAt > rule.duringMs) continue;
        }
        const record: AppliedFault = {
          rule: rule.label,
          layer: layer.layer === 'next' ? 'next' : layer.layer,
          kind: rule.kind,
        };
        if (layer.profile !== undefined) record.profile = layer.profile;
        if (rule.rateLimit) {
          const limit = rule.rateLimit;
          const key =
            limit.per === 'global' ? '*' : limit.per === 'tenant' ? tenantKey : (facts.tradingPartner() ?? '-');
          let bucket = state.buckets.get(key);
          if (!bucket) state.buckets.set(key, (bucket = new TokenBucket(limit)));
          const waitMs = bucket.take(now);
          if (waitMs === 0) continue;
          record.status = limit.status;
          applied.push(record);
          const body = JSON.stringify({
            error: {
              code: 'rate_limited',
              message: `Rate limit of ${limit.capacity} requests exceeded; retry after ${waitMs} ms.`,
            },
          });
          const terminal = {
            kind: 'error' as const,
            status: limit.status,
            headers: {
              'content-type': 'application/json',
              'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
            },
            body,
          };
          return { latencyMs, terminal, shape: decision?.shape, applied };
        }
        if (rule.probability < 1 && draw().next() >= rule.probability) continue;
        const extra = rule.latency ? rule.latency(draw()) : 0;
        if (extra > 0) {
          latencyMs += extra;
          record.latencyMs = Math.round(extra * 10) / 10;
        }
        if (rule.terminal?.kind === 'error') record.status = rule.terminal.status;
        applied.push(record);
        decision ??= { latencyMs: 0, applied };
        if (rule.shape && !decision.shape) decision.shape = rule.shape;
        if (rule.terminal) {
          decision.terminal = rule.terminal;
          break;
        }
      }
      if (decision?.terminal) break;
    }
    if (!decision) return applied.length ? { latencyMs, applied } : undefined;
    decision.latencyMs = latencyMs;
    return decision;
  }
}
