import type { PartnerResolver } from '../partner/define-partner.js';
import { compilePathPattern, type PathPattern } from './path-pattern.js';

/** One registered route of a partner. */
export interface PartnerRoute {
  /** Upper-case method, or `*` for any. */
  method: string;
  pattern: PathPattern;
  /** `POST /labels` — how the journal and fault scopes name the route. */
  key: string;
  resolver: PartnerResolver;
  /** Registration order: the first registered match wins, as in msw. */
  order: number;
}

interface MethodIndex {
  byFirst: Map<string, PartnerRoute[]>;
  dynamic: PartnerRoute[];
}

/**
 * A partner's routes compiled once and indexed by method and first path
 * segment, so a request is compared with a handful of candidates at most.
 *
 * @example
 * const table = new RouteTable();
 * table.add('GET', '/tracking/:n', resolver);
 * table.match('GET', ['tracking', '1Z9']) // { route, params: { n: '1Z9' } }
 */
export class RouteTable {
  private readonly index = new Map<string, MethodIndex>();
  private readonly list: PartnerRoute[] = [];

  add(method: string, path: string, resolver: PartnerResolver): PartnerRoute {
    const upper = method.toUpperCase();
    const pattern = compilePathPattern(path);
    const route: PartnerRoute = {
      method: upper,
      pattern,
      key: `${upper === '*' ? 'ALL' : upper} ${pattern.source}`,
      resolver,
      order: this.list.length,
    };
    this.list.push(route);
    let methodIndex = this.index.get(upper);
    if (!methodIndex) {
      methodIndex = { byFirst: new Map(), dynamic: [] };
      this.index.set(upper, methodIndex);
    }
    if (pattern.firstLiteral === undefined) methodIndex.dynamic.push(route);
    else {
      const bucket = methodIndex.byFirst.get(pattern.firstLiteral);
      if (bucket) bucket.push(route);
      else methodIndex.byFirst.set(pattern.firstLiteral, [route]);
    }
    return route;
  }

  /** The first registered route matching `method` and the path `segments`, with its params. */
  match(
    method: string,
    segments: readonly string[],
  ): { route: PartnerRoute; params: Record<string, string> } | undefined {
    // Plain loops, no closure or key list per request: this runs on every request a partner gets.
    const first = segments[0] ?? '';
    let best = this.matchIn(this.index.get(method), first, segments, undefined);
    if (method !== '*') best = this.matchIn(this.index.get('*'), first, segments, best);
    return best;
  }

  /** The earliest registered match in one method's index, if earlier than `best`. */
  private matchIn(
    methodIndex: MethodIndex | undefined,
    first: string,
    segments: readonly string[],
    best: { route: PartnerRoute; params: Record<string, string> } | undefined,
  ): { route: PartnerRoute; params: Record<string, string> } | undefined {
    if (!methodIndex) return best;
    best = earliestMatch(methodIndex.byFirst.get(first), segments, best);
    return earliestMatch(methodIndex.dynamic, segments, best);
  }

  /** Every route in registration order. */
  routes(): readonly PartnerRoute[] {
    return this.list;
  }
}

/** The first of `routes` (registration order) matching `segments`, unless `best` was registered before it. */
function earliestMatch(
  routes: readonly PartnerRoute[] | undefined,
  segments: readonly string[],
  best: { route: PartnerRoute; params: Record<string, string> } | undefined,
): { route: PartnerRoute; params: Record<string, string> } | undefined {
  if (!routes) return best;
  for (const route of routes) {
    if (best && best.route.order < route.order) return best;
    const params = route.pattern.match(segments);
    if (params) return { route, params };
  }
  return best;
}
