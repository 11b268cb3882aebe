import type { Rng } from '../../core/rng.js';
import type { PartnerRequest } from './partner-request.js';
import type { PartnerReply, ReplyHelpers } from './partner-reply.js';
import type { Relay } from './relay-request.js';

/** What a resolver receives: msw's `{ request, params }` plus the tenant and the parsed query. */
export interface ResolverInfo {
  request: PartnerRequest;
  /** Path params captured by `:name` segments. */
  params: Record<string, string>;
  /** The query string, parsed on first access. */
  readonly query: URLSearchParams;
  /** `X-Tenant-Id` of the request, when sent. */
  tenant: string | undefined;
  /** The journal id of this request (as a string, like msw's `requestId`). */
  requestId: string;
  partner: string;
}

/** A response resolver, msw-style: return a `reply.*` value or any Fetch `Response` (e.g. `HttpResponse.json`). */
export type PartnerResolver = (info: ResolverInfo) => PartnerReply | Response | Promise<PartnerReply | Response>;

/** Registers routes, msw-style: `route.post('/labels', resolver)`; paths are relative to the partner's prefix. */
export interface RouteBuilder {
  get(path: string, resolver: PartnerResolver): void;
  post(path: string, resolver: PartnerResolver): void;
  put(path: string, resolver: PartnerResolver): void;
  patch(path: string, resolver: PartnerResolver): void;
  delete(path: string, resolver: PartnerResolver): void;
  /** Any method. */
  all(path: string, resolver: PartnerResolver): void;
}

/** What a partner's setup function is given. Called again on every state reset. */
export interface PartnerContext {
  /** The partner's name (its folder name), e.g. `carrier`. */
  partner: string;
  route: RouteBuilder;
  reply: ReplyHelpers;
  /** Seeded per partner: deterministic ids and data for the same `--seed`. */
  rng: Rng;
  /** The clock (injectable in tests). */
  now(): Date;
  /**
   * Calls the target on a tenant's behalf (the EDI VAN's delivery) under the
   * server's egress rules: only allowed hosts, no redirect followed, bounded
   * in time. Use it instead of `fetch` whenever the request carries credentials.
   */
  relay: Relay;
}

/**
 * The default export of `virtual-services/<partner>/handlers.ts`: registers
 * the partner's routes and owns its in-memory state (a fresh closure on every
 * reset). Only a type import is needed, so handler files load anywhere.
 *
 * @example
 * import type { PartnerSetup } from 'rehearse/virtual';
 * const carrier: PartnerSetup = ({ route, reply }) => {
 *   const labels = new Map<string, Label>();
 *   route.get('/tracking/:trackingNumber', ({ params }) =>
 *     labels.has(params.trackingNumber!) ? reply.json(...) : reply.error(404, 'not_found', 'Unknown tracking number'));
 * };
 * export default carrier;
 */
export type PartnerSetup = (context: PartnerContext) => void | Promise<void>;

/**
 * Identity helper that types a setup function without an annotation.
 *
 * @example
 * export default definePartner(({ route, reply }) => { route.get('/ping', () => reply.json({ ok: true })); });
 */
export function definePartner(setup: PartnerSetup): PartnerSetup {
  return setup;
}
