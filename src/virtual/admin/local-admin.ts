import { suggestionHint } from '../../core/did-you-mean.js';
import { InvalidProjectError, RehearseError } from '../../core/errors.js';
import type { FaultRule } from '../faults/fault-profile-schema.js';
import { validateInlineRules } from '../faults/validate-inline-rules.js';
import { applyStartProfile, UNKNOWN_PARTNER, type PartnerRuntime, type VirtualHub } from '../hub/virtual-hub.js';
import type { FaultSelection, PartnerFaultsInfo, VirtualAdmin } from './admin-types.js';

/**
 * The in-process admin: the same operations as the HTTP admin API, called
 * directly on the hub (no serialisation).
 *
 * @example
 * const admin = createLocalAdmin(hub);
 * await admin.faultNext('payment', { requests: 2, rules: [{ error: 503 }] });
 */
export function createLocalAdmin(hub: VirtualHub): VirtualAdmin {
  const info = (partner: string): PartnerFaultsInfo => {
    const runtime = hub.runtime(partner);
    return { partner, available: [...runtime.definition.profiles.keys()], layers: runtime.faults.describe() };
  };
  return {
    async health() {
      return {
        status: 'ok',
        seed: hub.seed,
        uptimeMs: Date.now() - hub.startedAt,
        partners: hub.partnerNames(),
        lastRequestId: hub.journal.lastId,
        journalSize: hub.journal.size,
        dropped: hub.journal.dropped(),
      };
    },
    async partners() {
      return hub.partnerNames().map((name) => {
        const runtime = hub.runtime(name);
        return {
          name,
          routes: runtime.table.routes().map((r) => r.key),
          profiles: [...runtime.definition.profiles.keys()],
          contract: runtime.definition.contract !== undefined,
          faults: runtime.faults.describe(),
        };
      });
    },
    async getFaults(partner) {
      return info(partner);
    },
    async setFaults(partner, selection) {
      const runtime = hub.runtime(partner);
      const { rules, profile } = selectRules(runtime, selection, `faults of ${partner}`);
      const layer =
        selection.traceId !== undefined
          ? `trace:${selection.traceId}`
          : selection.tenant === undefined
            ? 'default'
            : `tenant:${selection.tenant}`;
      runtime.faults.setLayer({
        layer,
        tenant: selection.tenant,
        ...(selection.traceId !== undefined ? { traceId: selection.traceId } : {}),
        profile,
        rules,
      });
      return info(partner);
    },
    async faultNext(partner, next) {
      const runtime = hub.runtime(partner);
      if (!Number.isInteger(next.requests) || next.requests < 1) {
        throw new RehearseError(
          'REHEARSE_VIRTUAL_FAULTS_INVALID',
          `Failed to apply faults to the next requests of ${partner}: "requests" must be a positive integer.`,
          {
            hint: 'For example { "requests": 3, "rules": [{ "error": 503 }] }.',
          },
        );
      }
      const { rules, profile } = selectRules(runtime, next, `next faults of ${partner}`);
      runtime.faults.addNext({
        rules,
        requests: next.requests,
        tenant: next.tenant,
        ...(next.traceId !== undefined ? { traceId: next.traceId } : {}),
        profile,
      });
      return info(partner);
    },
    async registerRun(traceId, run) {
      return { traceId: traceId.toLowerCase(), ...hub.scenarioRuns.register(traceId, run) };
    },
    async reset(options = {}) {
      const partners =
        options.partner === undefined ? hub.partnerNames() : [hub.runtime(options.partner).definition.name];
      for (const partner of partners) {
        const runtime = hub.runtime(partner);
        if (options.faults ?? true) {
          runtime.faults.clear({ tenant: options.tenant, traceId: options.traceId });
          if (options.tenant === undefined && options.traceId === undefined) applyStartProfile(runtime);
        }
        if ((options.state ?? true) && options.tenant === undefined) await hub.resetState(partner);
        if (options.journal ?? true) hub.journal.clear({ partner, tenant: options.tenant });
      }
      if ((options.journal ?? true) && options.partner === undefined)
        hub.journal.clear({ partner: UNKNOWN_PARTNER, tenant: options.tenant });
      // A full reset is a fresh server: call indexes start at 1 again and no run is known.
      const everything = options.partner === undefined && options.tenant === undefined && options.traceId === undefined;
      if (everything && (options.faults ?? true)) hub.scenarioRuns.clear();
    },
    async requests(query = {}) {
      return hub.journal.query(query);
    },
    async count(query = {}) {
      return hub.journal.count(query);
    },
    async unmatched(query = {}) {
      return hub.journal.query({ ...query, unmatched: true }).requests;
    },
  };
}

function selectRules(
  runtime: PartnerRuntime,
  selection: FaultSelection,
  label: string,
): { rules: FaultRule[]; profile?: string } {
  const partner = runtime.definition.name;
  if (selection.profile !== undefined && selection.rules !== undefined) {
    throw new RehearseError(
      'REHEARSE_VIRTUAL_FAULTS_INVALID',
      `Failed to set the ${label}: both a profile and rules were given.`,
      {
        hint: 'Give either "profile" (a file in the faults folder) or "rules" (inline rules).',
      },
    );
  }
  if (selection.profile !== undefined) {
    const profile = runtime.definition.profiles.get(selection.profile);
    if (!profile) {
      const names = [...runtime.definition.profiles.keys()];
      throw new RehearseError(
        'REHEARSE_VIRTUAL_UNKNOWN_PROFILE',
        `Failed to set the ${label}: partner ${partner} has no fault profile "${selection.profile}".`,
        {
          hint: suggestionHint(selection.profile, names, 'profile'),
        },
      );
    }
    return { rules: profile.rules, profile: selection.profile };
  }
  if (selection.rules === undefined) return { rules: [] };
  const { rules, diagnostics } = validateInlineRules(selection.rules, `(${label})`);
  if (!rules) throw new InvalidProjectError(diagnostics);
  return { rules };
}
