import { suggestionHint } from '../core/did-you-mean.js';
import type { Scenario } from '../schema/index.js';
import { report, type CheckContext } from './check-context.js';

/**
 * A scenario's `tenants:` selects at least one profile, so it never silently drops out of
 * `list` and `run`: each listed name is a profile (`REHEARSE_UNKNOWN_TENANT`), each trait is
 * some profile's (`REHEARSE_UNKNOWN_TRAIT`, with a did-you-mean among the traits in use),
 * and some profile has all the traits (`REHEARSE_NO_TENANT_SELECTED`).
 */
export function checkTenantSelector(scenario: Scenario, ctx: CheckContext): void {
  const selector = scenario.tenants;
  const { tenants } = ctx.index;
  if (selector === undefined || selector === 'all' || !ctx.index.tenantsComplete) return;
  if (Array.isArray(selector)) {
    const names = [...tenants.keys()];
    selector.forEach((name, i) => {
      if (tenants.has(name)) return;
      report(ctx, ['tenants', i], {
        code: 'REHEARSE_UNKNOWN_TENANT',
        message: `Unknown tenant profile "${name}".`,
        expected: 'a profile from tenant-profiles/*.yaml',
        hint: suggestionHint(name, names, 'tenant profile'),
      });
    });
    return;
  }
  const traitsOf = new Map([...tenants].map(([name, { profile }]) => [name, profile.traits ?? []]));
  const known = [...new Set([...traitsOf.values()].flat())].sort();
  let unknown = false;
  selector.traits.forEach((trait, i) => {
    if (known.includes(trait)) return;
    unknown = true;
    report(ctx, ['tenants', 'traits', i], {
      code: 'REHEARSE_UNKNOWN_TRAIT',
      message: `No tenant profile has the trait "${trait}", so the scenario would run for no tenant.`,
      expected: known.length
        ? `one of the traits in use: ${known.join(', ')}`
        : 'a trait listed under traits: in a tenant profile',
      hint: suggestionHint(trait, known, 'trait'),
    });
  });
  if (unknown) return;
  const matching = [...traitsOf].filter(([, traits]) => selector.traits.every((t) => traits.includes(t)));
  if (matching.length > 0) return;
  const holders = selector.traits.map(
    (trait) =>
      `${trait}: ${[...traitsOf]
        .filter(([, traits]) => traits.includes(trait))
        .map(([n]) => n)
        .join(', ')}`,
  );
  report(ctx, ['tenants', 'traits'], {
    code: 'REHEARSE_NO_TENANT_SELECTED',
    message: `No tenant profile has all of the traits ${selector.traits.join(', ')}, so the scenario would run for no tenant.`,
    expected: 'traits that one profile has together',
    hint: `Who has which: ${holders.join('; ')}. Add the missing trait to a profile, or select fewer traits.`,
  });
}
