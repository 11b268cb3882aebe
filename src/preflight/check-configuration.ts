import type { TenantExpectations } from '../schema/preflight.js';
import { failed, passed, skipped, type CheckOutcome } from './results.js';

export interface ConfigurationInput {
  /** The tenant profile's name, for the hint. */
  tenant: string;
  expects: TenantExpectations | undefined;
  /** The target's answer at `preflight.tenantPath`: `{ features: {...}, settings: {...} }`. */
  configuration: unknown;
  /** Where it was read (method and path), for messages. */
  source: string;
}

/**
 * The configuration check: each flag under `expects.features` and each value under
 * `expects.settings` must equal (same JSON type and value) what the target reports in its
 * `features` and `settings` objects; what the profile does not name is not compared. Codes:
 * `REHEARSE_PREFLIGHT_CONFIGURATION_MISMATCH` (every difference listed),
 * `REHEARSE_PREFLIGHT_CONFIGURATION_UNREADABLE` (the answer is no JSON object).
 *
 * @example
 * checkConfiguration({ tenant: 'standard', expects: { features: { edi: true } }, configuration: { features: { edi: false } }, source: 'GET /api/v1/tenant' })
 */
export function checkConfiguration(input: ConfigurationInput): CheckOutcome {
  const { expects } = input;
  const wanted = Object.keys(expects?.features ?? {}).length + Object.keys(expects?.settings ?? {}).length;
  if (!expects || wanted === 0) return skipped('configuration', 'the profile has no expects:');
  const body = input.configuration;
  if (!isObject(body))
    return failed(
      'configuration',
      'REHEARSE_PREFLIGHT_CONFIGURATION_UNREADABLE',
      `${input.source} did not answer a JSON object`,
      'Point preflight.tenantPath at the target’s tenant configuration (JSON { features, settings }).',
    );
  const differences = [
    ...differencesIn('feature', expects.features, body.features),
    ...differencesIn('setting', expects.settings, body.settings),
  ];
  if (differences.length === 0) return passed('configuration', `${wanted} flag(s) and setting(s) as expected`);
  return failed(
    'configuration',
    'REHEARSE_PREFLIGHT_CONFIGURATION_MISMATCH',
    `${input.source} says ${differences.join('; ')}`,
    `The target's configuration of this tenant is not what tenant-profiles/${input.tenant}.yaml expects: was a flag switched, or is the profile's expects: out of date?`,
  );
}

function differencesIn(
  kind: 'feature' | 'setting',
  expected: Readonly<Record<string, unknown>> | undefined,
  actual: unknown,
): string[] {
  const reported = isObject(actual) ? actual : {};
  const out: string[] = [];
  for (const [name, want] of Object.entries(expected ?? {})) {
    if (!Object.hasOwn(reported, name)) out.push(`${kind} ${name} is not reported (expected ${JSON.stringify(want)})`);
    else if (reported[name] !== want)
      out.push(`${kind} ${name} is ${JSON.stringify(reported[name])} (expected ${JSON.stringify(want)})`);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
