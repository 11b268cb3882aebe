import { suggestionHint } from '../core/did-you-mean.js';
import { isDynamic, report, type CheckContext, type Segment } from './check-context.js';

/**
 * `partner:` of an `edi.send` / `edi.expect` step in a scenario names a trading partner of
 * every tenant profile the scenario runs for (`partners:` by code or ISA id); without
 * `partner:`, each such tenant has one (`REHEARSE_UNKNOWN_TRADING_PARTNER`). Steps of
 * actions and fragments are checked where the run meets them: their tenants are not known here.
 */
export function checkTradingPartner(
  record: Record<string, unknown>,
  path: Segment[],
  kind: string,
  ctx: CheckContext,
): void {
  if (!ctx.scenarioTenants) return;
  const code = record.partner;
  if (code !== undefined && (typeof code !== 'string' || isDynamic(code))) return;
  for (const tenant of ctx.scenarioTenants) {
    const profile = ctx.index.tenants.get(tenant)?.profile;
    if (!profile) continue;
    const partners = (profile.partners ?? []) as Array<Record<string, unknown>>;
    const withId = partners.filter((p) => typeof p.isaId === 'string');
    const found = code === undefined ? withId[0] : withId.find((p) => p.code === code || p.isaId === code);
    if (found) continue;
    const codes = withId.map((p) => String(p.code ?? p.isaId));
    report(ctx, code === undefined ? [...path, kind] : [...path, 'partner'], {
      code: 'REHEARSE_UNKNOWN_TRADING_PARTNER',
      message:
        code === undefined
          ? `Tenant profile "${tenant}" has no trading partner with an isaId, so this ${kind} has no one to trade with.`
          : `Tenant profile "${tenant}" has no trading partner "${code}" (the scenario runs for it).`,
      expected: codes.length
        ? `one of ${codes.join(', ')}`
        : `a partner under partners: in tenant-profiles/${tenant}.yaml`,
      hint:
        code !== undefined && codes.length
          ? suggestionHint(code, codes, 'trading partner')
          : `Add it to tenant-profiles/${tenant}.yaml, e.g. partners: [{ code: TP-ACME, isaQualifier: ZZ, isaId: ACMEEDI, gsId: ACMEGS }], or narrow the scenario's tenants.`,
    });
    return; // one tenant is enough to say it; the others would repeat it
  }
}
