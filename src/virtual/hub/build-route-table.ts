import type { Rng } from '../../core/rng.js';
import type { PartnerContext, PartnerResolver } from '../partner/define-partner.js';
import { reply } from '../partner/partner-reply.js';
import type { Relay } from '../partner/relay-request.js';
import { RouteTable } from '../routing/route-table.js';
import type { PartnerDefinition } from './load-partners.js';

/**
 * Runs a partner's setup against a fresh route table: its routes are
 * compiled once here, and its in-memory state starts anew (this is what a
 * state reset does).
 *
 * @example
 * const table = await buildRouteTable(definition, { rng: createRng('42').fork('carrier'), now: Date.now, relay: createRelay(undefined) });
 */
export async function buildRouteTable(
  definition: PartnerDefinition,
  options: { rng: Rng; now: () => number; relay: Relay },
): Promise<RouteTable> {
  const table = new RouteTable();
  const add = (method: string) => (path: string, resolver: PartnerResolver) => void table.add(method, path, resolver);
  const context: PartnerContext = {
    partner: definition.name,
    route: {
      get: add('GET'),
      post: add('POST'),
      put: add('PUT'),
      patch: add('PATCH'),
      delete: add('DELETE'),
      all: add('*'),
    },
    reply,
    rng: options.rng,
    now: () => new Date(options.now()),
    relay: options.relay,
  };
  await definition.setup(context);
  return table;
}
