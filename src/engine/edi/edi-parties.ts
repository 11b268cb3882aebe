import { createControlNumbers, type ControlNumbers } from '../../edi/x12/control-numbers.js';
import type { EngineContext, StepContext } from '../context.js';
import { stepAbort } from '../step-failure.js';

/** A trading party as the envelope needs it. */
export interface EdiParty {
  code: string;
  isaId: string;
  isaQualifier: string;
  gsId: string;
}

/**
 * The tenant's trading partner by code (default: the first in the profile).
 * Partners are master data in the tenant profile: `{ code, isaId, isaQualifier, gsId }`.
 */
export function tradingPartner(ctx: StepContext, code: string | undefined): EdiParty {
  const partners = (ctx.engine.tenant.partners ?? []) as Array<Record<string, unknown>>;
  const codes = partners.map((p) => String(p.code ?? p.isaId ?? '?'));
  const found = code === undefined ? partners[0] : partners.find((p) => p.code === code || p.isaId === code);
  if (!found || typeof found.isaId !== 'string') {
    throw stepAbort(
      'REHEARSE_UNKNOWN_TRADING_PARTNER',
      code === undefined
        ? `Tenant profile "${ctx.engine.tenant.name}" has no trading partners with an isaId.`
        : `Tenant profile "${ctx.engine.tenant.name}" has no trading partner "${code}" (it has: ${codes.join(', ') || 'none'}).`,
      'Add it under partners: in tenant-profiles/<tenant>.yaml, e.g. { code: TP-ACME, isaQualifier: ZZ, isaId: ACMEEDI, gsId: ACMEGS }.',
    );
  }
  const isaId = found.isaId;
  return {
    code: String(found.code ?? isaId),
    isaId,
    isaQualifier: typeof found.isaQualifier === 'string' ? found.isaQualifier : 'ZZ',
    gsId: typeof found.gsId === 'string' ? found.gsId : isaId,
  };
}

/** The tenant's own EDI identity: `edi:` in its profile, else derived from its id. */
export function tenantParty(ctx: StepContext): EdiParty & { inbound: string } {
  const { tenant } = ctx.engine;
  const edi = tenant.edi;
  const isaId =
    edi?.isaId ??
    (tenant.tenantId ?? tenant.name)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 15);
  return {
    code: tenant.name,
    isaId,
    isaQualifier: edi?.isaQualifier ?? 'ZZ',
    gsId: edi?.gsId ?? isaId,
    inbound: edi?.inbound ?? '/edi/inbound',
  };
}

const numbersByRun = new WeakMap<EngineContext['rng'], ControlNumbers>();

/**
 * Control numbers for one scenario run: seeded from the run's RNG, so that two
 * Playwright workers never send the same ISA13, and a run replays with `--seed`.
 */
export function runControlNumbers(ctx: StepContext): ControlNumbers {
  let numbers = numbersByRun.get(ctx.engine.rng);
  if (!numbers) {
    const rng = ctx.engine.rng.fork('edi-control-numbers');
    const start = rng.int(1, 899_999_999);
    numbers = createControlNumbers({ interchange: start, group: start, set: (start % 9_000) + 1 });
    numbersByRun.set(ctx.engine.rng, numbers);
  }
  return numbers;
}
