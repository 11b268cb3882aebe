import type { Diagnostic } from '../../core/diagnostic.js';
import { validateWithSchema } from '../../core/schema-validate.js';
import { parseYamlSource } from '../../core/yaml-source.js';
import { FaultProfileSchema, type FaultRule } from './fault-profile-schema.js';
import { checkFaultRules } from './parse-fault-profile.js';

/**
 * Validates rules given at run time (admin API, `virtual` steps) exactly like
 * a profile file: positions point into the pretty-printed JSON named `label`.
 *
 * @example
 * const problems = validateInlineRules([{ error: 503, probabilty: 0.5 }], 'PUT /__admin/partners/carrier/faults');
 * // [{ code: 'REHEARSE_UNKNOWN_KEY', hint: 'Did you mean "probability"?', ... }]
 */
export function validateInlineRules(
  rules: unknown,
  label: string,
): { rules: FaultRule[] | undefined; diagnostics: Diagnostic[] } {
  const text = JSON.stringify({ rules }, null, 2) ?? '{}';
  const source = parseYamlSource(label, text);
  const diagnostics = validateWithSchema(FaultProfileSchema as unknown as Record<string, unknown>, source);
  if (diagnostics.length) return { rules: undefined, diagnostics };
  const valid = (source.value as { rules: FaultRule[] }).rules;
  diagnostics.push(...checkFaultRules(valid, source, ['rules']));
  return { rules: diagnostics.length ? undefined : valid, diagnostics };
}
