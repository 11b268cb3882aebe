import type { FaultRule } from '../faults/fault-profile-schema.js';
import type { FaultLayerInfo } from '../faults/partner-faults.js';
import type { ScenarioRunInfo } from '../hub/scenario-runs.js';
import type { JournalEntry, JournalPage, JournalQuery } from '../journal/journal-types.js';

/** A partner's faults by profile name or inline rules (none of both = healthy), for all tenants or one. */
export interface FaultSelection {
  profile?: string;
  rules?: FaultRule[];
  /** Scope to one tenant (X-Tenant-Id); other tenants keep their faults. */
  tenant?: string;
  /**
   * Scope to one W3C trace id (the `traceparent` a scenario run sends, which a
   * target that propagates trace context passes on to its partner calls).
   */
  traceId?: string;
}

/** Faults for the next `requests` requests (of `tenant`, when given), then recovery. */
export interface FaultNextRequest extends FaultSelection {
  requests: number;
}

export interface PartnerFaultsInfo {
  partner: string;
  /** Profile names found in the partner's faults/ folder. */
  available: string[];
  /** Active layers in evaluation order. */
  layers: FaultLayerInfo[];
}

export interface PartnerInfo {
  name: string;
  /** `POST /labels`, ... in registration order. */
  routes: string[];
  profiles: string[];
  contract: boolean;
  faults: FaultLayerInfo[];
}

export interface VirtualHealth {
  status: 'ok';
  /** The server's seed: the draws of traffic whose trace no run registered (see `registerRun`). */
  seed: string;
  uptimeMs: number;
  partners: string[];
  /** The newest journal id: pass it as `afterId` to read only what comes next. */
  lastRequestId: number;
  journalSize: number;
  /** Journal entries dropped from full ring buffers, per partner. */
  dropped: Record<string, number>;
}

/** What to reset; everything (state, journal, faults) of every partner by default. */
export interface ResetOptions {
  partner?: string;
  /** Only this tenant's journal entries and fault layers (partner state is shared and left alone). */
  tenant?: string;
  /** Only the fault layers of this trace (scenario run). */
  traceId?: string;
  state?: boolean;
  journal?: boolean;
  faults?: boolean;
}

/**
 * Runtime control of the virtual services, in the spirit of WireMock's
 * `/__admin`. Implemented in-process (`startVirtualServices(...).admin`) and
 * over HTTP (`createVirtualAdminClient(url)`), with the same behaviour.
 *
 * @example
 * await admin.setFaults('carrier', { profile: 'flaky', tenant: 'acme' });
 * await admin.count({ partner: 'carrier', route: 'POST /labels', tenant: 'acme' }) // 3
 */
export interface VirtualAdmin {
  health(): Promise<VirtualHealth>;
  partners(): Promise<PartnerInfo[]>;
  getFaults(partner: string): Promise<PartnerFaultsInfo>;
  setFaults(partner: string, selection: FaultSelection): Promise<PartnerFaultsInfo>;
  faultNext(partner: string, next: FaultNextRequest): Promise<PartnerFaultsInfo>;
  /**
   * Tells the server which scenario run sends a trace id and with which
   * seed: that run's traffic draws its faults from its own seed and identity,
   * whatever `--seed` the server started with. A full reset forgets it.
   */
  registerRun(traceId: string, run: ScenarioRunInfo): Promise<ScenarioRunInfo & { traceId: string }>;
  reset(options?: ResetOptions): Promise<void>;
  requests(query?: JournalQuery): Promise<JournalPage>;
  count(query?: JournalQuery): Promise<number>;
  unmatched(query?: JournalQuery): Promise<JournalEntry[]>;
}
