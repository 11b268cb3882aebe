import type { Diagnostic } from '../../core/diagnostic.js';
import { formatPath } from '../../core/diagnostic.js';
import { parseDuration } from '../../core/duration.js';
import { validateWithSchema } from '../../core/schema-validate.js';
import { parseYamlSource, type YamlSource } from '../../core/yaml-source.js';
import { FaultProfileSchema, type FaultProfile, type FaultRule } from './fault-profile-schema.js';
import { LATENCY_MODEL_KEYS } from './latency.js';

type Segment = string | number;

/**
 * Reads a fault profile (YAML or JSON text) and collects every problem as a
 * positioned diagnostic: schema errors with did-you-mean from the shared
 * validator, then rule semantics the schema cannot say (a latency model's
 * keys, conflicting faults, a rule that does nothing).
 *
 * @example
 * const { profile, diagnostics } = parseFaultProfile('virtual-services/carrier/faults/flaky.yaml', text);
 * if (diagnostics.length) console.error(formatDiagnostics(diagnostics));
 */
export function parseFaultProfile(
  file: string,
  text: string,
): { profile: FaultProfile | undefined; diagnostics: Diagnostic[] } {
  const source = parseYamlSource(file, text);
  if (source.diagnostics.length) return { profile: undefined, diagnostics: source.diagnostics };
  const diagnostics = validateWithSchema(FaultProfileSchema as unknown as Record<string, unknown>, source);
  if (diagnostics.length) return { profile: undefined, diagnostics };
  const profile = source.value as FaultProfile;
  diagnostics.push(...checkFaultRules(profile.rules, source, ['rules']));
  return { profile: diagnostics.length ? undefined : profile, diagnostics };
}

const TERMINAL = ['error', 'reset', 'hang', 'rateLimit'] as const;
const SHAPES = ['body', 'dribble'] as const;

/** Semantic checks of schema-valid rules; `basePath` is where the list sits in `source`. */
export function checkFaultRules(
  rules: readonly FaultRule[],
  source: YamlSource,
  basePath: readonly Segment[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: readonly Segment[], key = false) => ({ ...source.locate(path, { key }), path: formatPath(path) });
  rules.forEach((rule, index) => {
    const here = [...basePath, index];
    const terminal = TERMINAL.filter((k) => rule[k] !== undefined);
    const shapes = SHAPES.filter((k) => rule[k] !== undefined);
    if (terminal.length > 1) {
      out.push({
        code: 'REHEARSE_FAULT_CONFLICT',
        message: `A rule can replace the response in one way only; this one has ${terminal.join(' and ')}.`,
        ...at([...here, terminal[1]!], true),
        expected: 'at most one of error, reset, hang, rateLimit',
        hint: 'Split them into two rules; the first that fires wins.',
      });
    }
    if (shapes.length > 1 || (shapes.length && terminal.length)) {
      const key = shapes.length > 1 ? shapes[1]! : shapes[0]!;
      out.push({
        code: 'REHEARSE_FAULT_CONFLICT',
        message: `"${key}" shapes the real response, which this rule ${terminal.length ? `replaces (${terminal[0]})` : 'already shapes'}.`,
        ...at([...here, key], true),
        expected: 'one of body or dribble, and not with error, reset, hang or rateLimit',
        hint: 'Put it in a rule of its own.',
      });
    }
    if (rule.rateLimit && (rule.latency || rule.probability !== undefined)) {
      out.push({
        code: 'REHEARSE_FAULT_CONFLICT',
        message: 'A rate limit is deterministic: it takes no latency or probability.',
        ...at([...here, rule.latency ? 'latency' : 'probability'], true),
        hint: 'Put the latency in a rule of its own.',
      });
    }
    if (!terminal.length && !shapes.length && !rule.latency) {
      out.push({
        code: 'REHEARSE_FAULT_EMPTY',
        message: 'This rule does nothing.',
        ...at(here),
        expected: 'one of latency, error, reset, hang, body, dribble, rateLimit',
        hint: 'Add what should happen, e.g. "error: 503" or "latency: { model: fixed, delay: 200ms }".',
      });
    }
    if (rule.latency) out.push(...checkLatency(rule.latency, [...here, 'latency'], at));
    for (const [key, value] of [
      ['path', rule.match?.path],
      ['route', rule.match?.route],
    ] as const) {
      for (const [i, pattern] of (Array.isArray(value) ? value : value === undefined ? [] : [value]).entries()) {
        const path = key === 'route' ? pattern.trim().split(/\s+/)[1] : pattern;
        const bad = key === 'route' ? !/^[A-Za-z*]+\s+\/\S*$/.test(pattern.trim()) : !pattern.startsWith('/');
        if (bad || path === undefined) {
          out.push({
            code: 'REHEARSE_INVALID_FORMAT',
            message: `Invalid ${key} pattern ${JSON.stringify(pattern)}.`,
            ...at([...here, 'match', key, ...(Array.isArray(value) ? [i] : [])]),
            expected:
              key === 'route'
                ? 'a method and a path, e.g. "POST /labels"'
                : 'a path starting with /, e.g. /tracking/:id',
          });
        }
      }
    }
  });
  return out;
}

function checkLatency(
  latency: NonNullable<FaultRule['latency']>,
  path: Segment[],
  at: (path: readonly Segment[], key?: boolean) => Pick<Diagnostic, 'file' | 'line' | 'column' | 'path'>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const wanted = LATENCY_MODEL_KEYS[latency.model];
  const record = latency as Record<string, unknown>;
  for (const key of wanted) {
    if (record[key] === undefined) {
      out.push({
        code: 'REHEARSE_MISSING_KEY',
        message: `Latency model "${latency.model}" needs "${key}".`,
        ...at(path),
        expected: `model ${latency.model} with ${wanted.join(' and ')}`,
        hint: `Add "${key}:" with a duration such as 200ms.`,
      });
    }
  }
  for (const key of Object.keys(record)) {
    if (key === 'model' || wanted.includes(key)) continue;
    out.push({
      code: 'REHEARSE_UNKNOWN_KEY',
      message: `"${key}" is not used by latency model "${latency.model}".`,
      ...at([...path, key], true),
      expected: wanted.join(' and '),
      hint: `Remove "${key}" or change the model.`,
    });
  }
  const ms = (key: string) => parseDuration(record[key] as string | number);
  if (latency.model === 'uniform' && (ms('min') ?? 0) > (ms('max') ?? Infinity)) {
    out.push({
      code: 'REHEARSE_INVALID_VALUE',
      message: 'min is greater than max.',
      ...at([...path, 'min']),
      expected: 'min <= max',
    });
  }
  if (latency.model === 'lognormal' && (ms('p99') ?? Infinity) < (ms('p50') ?? 0)) {
    out.push({
      code: 'REHEARSE_INVALID_VALUE',
      message: 'p99 is smaller than p50.',
      ...at([...path, 'p99']),
      expected: 'p50 <= p99',
    });
  }
  return out;
}
