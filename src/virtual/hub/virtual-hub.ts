import { suggestionHint } from '../../core/did-you-mean.js';
import { RehearseError } from '../../core/errors.js';
import { createRng, keyedRng, type Rng } from '../../core/rng.js';
import type { FaultDecision, RequestFacts } from '../faults/fault-types.js';
import { PartnerFaults } from '../faults/partner-faults.js';
import type { Journal } from '../journal/journal.js';
import type { JournalRecord } from '../journal/journal-record.js';
import { parseJsonBody } from '../journal/record-body.js';
import { PartnerRequest } from '../partner/partner-request.js';
import { createRelay, type Relay } from '../partner/relay-request.js';
import { splitPath } from '../routing/path-pattern.js';
import type { RouteTable } from '../routing/route-table.js';
import { buildRouteTable } from './build-route-table.js';
import {
  errorOutcome,
  headerValue,
  queryRecord,
  shapeOutcome,
  tradingPartnerOf,
  type IncomingCall,
  type VirtualOutcome,
} from './incoming-call.js';
import type { PartnerDefinition } from './load-partners.js';
import { resolveRoute } from './resolve-route.js';
import { ScenarioRuns } from './scenario-runs.js';
import { Waits } from './waits.js';

/** A loaded partner at run time: its routes (rebuilt on state reset), faults and start-up profile. */
export interface PartnerRuntime {
  definition: PartnerDefinition;
  table: RouteTable;
  faults: PartnerFaults;
  /** The profile selected at start-up, restored by a faults reset. */
  startProfile: string | undefined;
}

export interface VirtualHubSettings {
  seed: string;
  /** Where requests are recorded (it redacts them, and keeps `maxBodyBytes` of each body). */
  journal: Journal;
  now: () => number;
  /** Hosts partners may call on a tenant's behalf (see `createRelay`); undefined: only what each request allows. */
  allowedHosts?: readonly string[];
}

/** The partner name used in the journal for requests whose prefix names no partner. */
export const UNKNOWN_PARTNER = '(unknown)';

/**
 * The transport-free core of the virtual services: dispatches a request to
 * its partner's route table, runs the fault engine, checks the contract and
 * records the journal. The Node server, msw's setupServer and Playwright
 * routing are thin adapters around `handle()`.
 *
 * @example
 * const hub = await createVirtualHub({ dir: 'virtual-services', seed: 42 });
 * const outcome = await hub.handle({ method: 'GET', path: '/carrier/tracking/1Z', query: '', headers: {}, body: Buffer.alloc(0), origin: 'http://x' });
 */
export class VirtualHub {
  readonly journal: Journal;
  readonly seed: string;
  /** Scenario runs by trace id (their seed and identity) and their calls per route: what fault draws are keyed on. */
  readonly scenarioRuns = new ScenarioRuns();
  readonly startedAt = Date.now();
  private readonly runtimes = new Map<string, PartnerRuntime>();
  private readonly waits = new Waits();
  private readonly settings: VirtualHubSettings;
  private readonly rng: Rng;
  private readonly relay: Relay;

  constructor(settings: VirtualHubSettings) {
    this.settings = settings;
    this.journal = settings.journal;
    this.seed = settings.seed;
    this.rng = createRng(settings.seed);
    this.relay = createRelay(settings.allowedHosts);
  }

  /** Registers a partner and runs its setup (also used to rebuild its state). */
  async install(definition: PartnerDefinition, startProfile: string | undefined): Promise<void> {
    const previous = this.runtimes.get(definition.name);
    const table = await buildRouteTable(definition, {
      rng: this.rng.fork(`state/${definition.name}`),
      now: this.settings.now,
      relay: this.relay,
    });
    const faults = previous?.faults ?? new PartnerFaults();
    this.runtimes.set(definition.name, { definition, table, faults, startProfile });
  }

  partnerNames(): string[] {
    return [...this.runtimes.keys()];
  }

  /** The partner's runtime; a `RehearseError` with a did-you-mean when there is none. */
  runtime(partner: string): PartnerRuntime {
    const runtime = this.runtimes.get(partner);
    if (runtime) return runtime;
    throw new RehearseError(
      'REHEARSE_VIRTUAL_UNKNOWN_PARTNER',
      `Failed to find virtual partner "${partner}": no such folder was loaded.`,
      {
        hint: suggestionHint(partner, this.partnerNames(), 'partner'),
      },
    );
  }

  /** Rebuilds a partner's in-memory state by running its setup again. */
  async resetState(partner: string): Promise<void> {
    const runtime = this.runtime(partner);
    runtime.table = await buildRouteTable(runtime.definition, {
      rng: this.rng.fork(`state/${partner}`),
      now: this.settings.now,
      relay: this.relay,
    });
  }

  /** Releases every pending latency and hung request. */
  close(): void {
    this.waits.releaseAll();
  }

  async handle(call: IncomingCall): Promise<VirtualOutcome> {
    const receivedAt = this.settings.now();
    const started = performance.now();
    const slash = call.path.indexOf('/', 1);
    const name = slash === -1 ? call.path.slice(1) : call.path.slice(1, slash);
    const path = slash === -1 ? '/' : call.path.slice(slash);
    const runtime = this.runtimes.get(name);
    const segments = splitPath(path);
    const query = call.query ? new URLSearchParams(call.query) : undefined;
    const tenant = headerValue(call.headers, 'x-tenant-id');
    const traceId = traceIdOf(headerValue(call.headers, 'traceparent'));
    const contentType = headerValue(call.headers, 'content-type');
    const json = parseJsonBody(call.body, contentType);
    const tradingPartner = tradingPartnerOf(call, query);
    const match = runtime?.table.match(call.method, segments);
    const entry: JournalRecord = {
      id: this.journal.allocateId(),
      partner: runtime ? name : UNKNOWN_PARTNER,
      method: call.method,
      path: runtime ? path : call.path,
      query: queryRecord(query),
      matched: match !== undefined,
      faults: [],
      latencyMs: 0,
      outcome: 'pending',
      timings: { receivedAt },
      received: { headers: call.headers, body: call.body, bodySize: call.body.length, contentType },
    };
    if (tenant !== undefined) entry.tenant = tenant;
    if (traceId !== undefined) entry.traceId = traceId;
    if (tradingPartner !== undefined) entry.tradingPartner = tradingPartner;
    if (match) entry.route = match.route.key;
    this.journal.record(entry);
    if (!runtime) {
      const message = `No virtual partner "${name}". ${suggestionHint(name, this.partnerNames(), 'partner')}`;
      return this.finish(entry, started, errorOutcome(404, 'unknown_partner', message));
    }
    const violations = runtime.definition.contract?.check({
      method: call.method,
      segments,
      headers: call.headers,
      query: query ?? EMPTY_QUERY,
      contentType,
      body: call.body,
      json,
    });
    if (violations) entry.contractViolations = violations;
    // Every call is counted, faults or not: its index on the route is the same whenever faults are switched on.
    const route = match ? match.route.key : `${call.method} (no route)`;
    const key = this.scenarioRuns.nextCall({ traceId, tenant, partner: name, route }, this.seed);
    let decision: FaultDecision | undefined;
    if (runtime.faults.active) {
      const facts: RequestFacts = {
        method: call.method,
        path,
        segments,
        tenant,
        traceId,
        tradingPartner: () => tradingPartner,
      };
      decision = runtime.faults.decide(facts, receivedAt, (stream) =>
        keyedRng(key.seed, [...key.owner, name, route, key.index, stream]),
      );
    }
    if (decision) {
      entry.faults = decision.applied;
      entry.latencyMs = Math.round(decision.latencyMs * 10) / 10;
      if (decision.latencyMs > 0) await this.waits.sleep(decision.latencyMs);
    }
    const terminal = decision?.terminal;
    if (terminal?.kind === 'reset') return this.finish(entry, started, { kind: 'reset' });
    if (terminal?.kind === 'hang')
      return this.finish(entry, started, {
        kind: 'hang',
        maxMs: terminal.maxMs,
        released: this.waits.sleep(terminal.maxMs),
      });
    let outcome: VirtualOutcome;
    if (terminal?.kind === 'error')
      outcome = { kind: 'response', status: terminal.status, headers: { ...terminal.headers }, body: terminal.body };
    else if (!match)
      outcome = errorOutcome(404, 'not_found', `No route for ${call.method} ${path} on virtual partner ${name}.`);
    else {
      const handlerStarted = performance.now();
      const url = `${call.origin}${call.path}${call.query ? `?${call.query}` : ''}`;
      const request = new PartnerRequest({ method: call.method, url, headers: call.headers, body: call.body, json });
      const resolved = await resolveRoute(match.route.resolver, {
        request,
        params: match.params,
        query: call.query,
        tenant,
        requestId: String(entry.id),
        partner: name,
        invalidJson: json === undefined && call.body.length > 0 && (contentType ?? '').includes('json'),
      });
      entry.timings.handlerMs = round(performance.now() - handlerStarted);
      if (resolved.error !== undefined) entry.error = resolved.error;
      outcome = resolved.outcome;
    }
    return this.finish(entry, started, shapeOutcome(outcome, decision?.shape));
  }

  private finish(entry: JournalRecord, started: number, outcome: VirtualOutcome): VirtualOutcome {
    entry.outcome = outcome.kind;
    entry.status = outcome.kind === 'response' ? outcome.status : 0;
    if (outcome.kind !== 'hang') entry.timings.totalMs = round(performance.now() - started);
    return outcome;
  }
}

const EMPTY_QUERY = new URLSearchParams();

/** Applies the profile a partner started with as its default fault layer. */
export function applyStartProfile(runtime: PartnerRuntime): void {
  const name = runtime.startProfile;
  const rules = name === undefined ? [] : (runtime.definition.profiles.get(name)?.rules ?? []);
  runtime.faults.setLayer({ layer: 'default', profile: name, rules });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The trace id of a W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`), if it is one. */
function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = traceparent ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/i.exec(traceparent.trim()) : null;
  return match ? match[1]!.toLowerCase() : undefined;
}
