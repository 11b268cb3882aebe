import { suggestionHint } from '../core/did-you-mean.js';
import { checkFaultRules } from '../virtual/faults/parse-fault-profile.js';
import type { FaultRule } from '../virtual/faults/fault-profile-schema.js';
import { isDynamic, report, type CheckContext, type Segment } from './check-context.js';

/**
 * A virtual partner named by a `virtual` or `virtual.expect` step, a scenario's `virtual:`
 * key or a tenant profile's `faults:` key is one the run starts (`REHEARSE_UNKNOWN_PARTNER`).
 * Returns the partner's fault profile names when it exists.
 */
export function checkPartnerName(
  name: unknown,
  path: readonly Segment[],
  ctx: CheckContext,
  options: { key?: boolean } = {},
): readonly string[] | undefined {
  if (typeof name !== 'string' || isDynamic(name)) return undefined;
  const partner = ctx.index.partners.get(name);
  if (partner) return partner.profiles;
  const names = [...ctx.index.partners.keys()];
  report(
    ctx,
    path,
    {
      code: 'REHEARSE_UNKNOWN_PARTNER',
      message: `Unknown virtual partner "${name}".`,
      expected: names.length ? `one of ${names.join(', ')}` : 'a folder of virtual-services/ with a handlers file',
      hint: suggestionHint(name, names, 'partner'),
    },
    options,
  );
  return undefined;
}

/** A fault profile name is a file of the partner's `faults/` folder (`REHEARSE_UNKNOWN_FAULT_PROFILE`). */
export function checkProfileName(
  partner: string,
  profiles: readonly string[],
  name: unknown,
  path: readonly Segment[],
  ctx: CheckContext,
): void {
  if (typeof name !== 'string' || isDynamic(name) || profiles.includes(name)) return;
  report(ctx, path, {
    code: 'REHEARSE_UNKNOWN_FAULT_PROFILE',
    message: `Virtual partner "${partner}" has no fault profile "${name}".`,
    expected: profiles.length
      ? `one of ${profiles.join(', ')} (virtual-services/${partner}/faults/<name>.yaml)`
      : `a file virtual-services/${partner}/faults/<name>.yaml`,
    hint: suggestionHint(name, profiles, 'profile'),
  });
}

/**
 * `profile` or inline `faults` for one partner, as a `virtual` step or a scenario's
 * `virtual:` entry gives them. Inline rules get the checks a profile file gets (conflicting
 * faults, rules that do nothing), so `run` does not refuse them later. `schemaValid` says
 * the rules already passed the fault rule schema.
 */
export function checkVirtualSetup(
  partner: unknown,
  partnerPath: readonly Segment[],
  setup: Record<string, unknown>,
  setupPath: readonly Segment[],
  ctx: CheckContext,
  options: { partnerIsKey?: boolean; schemaValid: boolean },
): void {
  const profiles = checkPartnerName(partner, partnerPath, ctx, { key: options.partnerIsKey });
  if (profiles && typeof partner === 'string')
    checkProfileName(partner, profiles, setup.profile, [...setupPath, 'profile'], ctx);
  if (options.schemaValid && Array.isArray(setup.faults)) {
    ctx.diagnostics.push(...checkFaultRules(setup.faults as FaultRule[], ctx.source, [...setupPath, 'faults']));
  }
}
