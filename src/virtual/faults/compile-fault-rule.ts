import { STATUS_CODES } from 'node:http';
import { compilePathPattern, type PathPattern } from '../routing/path-pattern.js';
import type { FaultMatch, FaultRule } from './fault-profile-schema.js';
import { DEFAULT_HANG_MS, type RequestFacts, type ShapeFault, type TerminalFault } from './fault-types.js';
import { durationMs, latencySampler, type LatencySampler } from './latency.js';
import type { TokenBucket } from './token-bucket.js';

/** A rule ready to run: matchers compiled, durations in ms, and its own counters. */
export interface CompiledRule {
  label: string;
  matches(facts: RequestFacts): boolean;
  probability: number;
  after: number;
  times: number | undefined;
  duringMs: number | undefined;
  latency: LatencySampler | undefined;
  terminal: TerminalFault | undefined;
  shape: ShapeFault | undefined;
  rateLimit:
    | { capacity: number; refillPerSecond: number; per: 'tenant' | 'tradingPartner' | 'global'; status: number }
    | undefined;
  state: { seen: number; firstAt: number | undefined; buckets: Map<string, TokenBucket> };
  /** What kind of fault it applies, for the journal. */
  kind: string;
}

/**
 * Compiles a validated rule. Rules are validated first (`parseFaultProfile`),
 * so this trusts shapes and only converts them.
 *
 * @example
 * const rule = compileFaultRule({ match: { route: 'POST /labels' }, error: 503 }, 0);
 * rule.matches(facts) // true for POST /labels
 */
export function compileFaultRule(rule: FaultRule, index: number, extraTenant?: string): CompiledRule {
  const terminal = compileTerminal(rule);
  const shape = compileShape(rule);
  const kind = rule.rateLimit ? 'rate-limit' : (terminal?.kind ?? shape?.kind ?? 'latency');
  return {
    label: rule.name ?? `#${index}`,
    matches: compileMatch(rule.match ?? {}, extraTenant),
    probability: rule.probability ?? 1,
    after: rule.after ?? 0,
    times: rule.times,
    duringMs: rule.during === undefined ? undefined : durationMs(rule.during),
    latency: rule.latency ? latencySampler(rule.latency) : undefined,
    terminal,
    shape,
    rateLimit: rule.rateLimit
      ? {
          capacity: rule.rateLimit.capacity,
          refillPerSecond: rule.rateLimit.refillPerSecond,
          per: rule.rateLimit.per ?? 'tenant',
          status: rule.rateLimit.status ?? 429,
        }
      : undefined,
    state: { seen: 0, firstAt: undefined, buckets: new Map() },
    kind,
  };
}

/** Body of an injected error unless the rule gives one: the partners' error shape. */
export function faultErrorBody(status: number, label: string): string {
  const reason = STATUS_CODES[status] ?? 'Error';
  const code = reason.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return JSON.stringify({ error: { code, message: `${status} ${reason} (injected by virtual fault rule ${label})` } });
}

function compileTerminal(rule: FaultRule): TerminalFault | undefined {
  if (rule.reset) return { kind: 'reset' };
  if (rule.hang !== undefined)
    return { kind: 'hang', maxMs: rule.hang === true ? DEFAULT_HANG_MS : durationMs(rule.hang) };
  if (rule.error === undefined) return undefined;
  const spec = typeof rule.error === 'number' ? { status: rule.error } : rule.error;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
  const retryAfterMs =
    'retryAfter' in spec && spec.retryAfter !== undefined
      ? durationMs(spec.retryAfter)
      : spec.status === 429
        ? 1000
        : undefined;
  if (retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  const body =
    'body' in spec && spec.body !== undefined
      ? typeof spec.body === 'string'
        ? spec.body
        : JSON.stringify(spec.body)
      : faultErrorBody(spec.status, rule.name ?? 'rule');
  return { kind: 'error', status: spec.status, headers, body };
}

function compileShape(rule: FaultRule): ShapeFault | undefined {
  if (rule.body) return { kind: rule.body };
  if (rule.dribble)
    return {
      kind: 'dribble',
      chunkBytes: rule.dribble.chunkBytes ?? 16,
      intervalMs: durationMs(rule.dribble.interval),
    };
  return undefined;
}

const list = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

function compileMatch(match: FaultMatch, extraTenant: string | undefined): (facts: RequestFacts) => boolean {
  const methods = list(match.method)?.map((m) => m.toUpperCase());
  const paths = list(match.path)?.map(compilePathPattern);
  const routes = list(match.route)?.map((route) => {
    const [method = '*', path = '/*'] = route.trim().split(/\s+/, 2);
    return { method: method.toUpperCase(), pattern: compilePathPattern(path) };
  });
  const tenants = list(match.tenant);
  const partners = list(match.tradingPartner);
  const pathMatches = (patterns: PathPattern[], facts: RequestFacts) =>
    patterns.some((p) => p.match(facts.segments) !== undefined);
  return (facts) => {
    if (extraTenant !== undefined && facts.tenant !== extraTenant) return false;
    if (methods && !methods.includes(facts.method)) return false;
    if (paths && !pathMatches(paths, facts)) return false;
    if (
      routes &&
      !routes.some(
        (r) => (r.method === '*' || r.method === 'ALL' || r.method === facts.method) && r.pattern.match(facts.segments),
      )
    )
      return false;
    if (tenants && (facts.tenant === undefined || !tenants.includes(facts.tenant))) return false;
    if (partners) {
      const tradingPartner = facts.tradingPartner();
      if (tradingPartner === undefined || !partners.includes(tradingPartner)) return false;
    }
    return true;
  };
}
