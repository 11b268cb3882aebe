import { didYouMean, editDistance } from '../core/did-you-mean.js';
import { parseIsoInstant } from '../core/iso-instant.js';
import { stringifyJson } from '../core/stringify-json.js';
import { MATCHER_KEYS, MATCHER_NAMES, TYPE_NAMES } from './matcher-names.js';

export interface ExpectationIssue {
  /** Path inside the spec, e.g. `['status', 'gtee']`. */
  path: Array<string | number>;
  code: 'REHEARSE_UNKNOWN_MATCHER' | 'REHEARSE_INVALID_MATCHER';
  message: string;
  expected?: string;
  hint?: string;
}

const isTemplate = (v: unknown) => typeof v === 'string' && v.includes('{{');

/** A key that looks like a mistyped matcher rather than a literal field name. */
function nearMatcher(key: string): string | undefined {
  if (key.length < 3) return undefined;
  for (const name of MATCHER_KEYS) {
    const distance = editDistance(key.toLowerCase(), name);
    if (distance === 0) return undefined;
    if (distance === 1 || (distance === 2 && key.length >= 6)) return name;
  }
  return undefined;
}

/**
 * Load-time checks of an `expect` spec: unknown matcher names (with a
 * did-you-mean) and matcher arguments of the wrong shape.
 */
export function lintExpectation(spec: Readonly<Record<string, unknown>>): ExpectationIssue[] {
  const issues: ExpectationIssue[] = [];
  for (const [path, expected] of Object.entries(spec)) lintValue(expected, [path], issues);
  return issues;
}

function lintValue(value: unknown, path: Array<string | number>, issues: ExpectationIssue[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const keys = Object.keys(value);
  const exact = keys.filter((k) => MATCHER_KEYS.includes(k));
  const near = keys.map((k) => [k, nearMatcher(k)] as const).filter(([, m]) => m !== undefined);
  const looksLikeMatcher = exact.length > 0 || (keys.length === 1 && near.length === 1);
  if (!looksLikeMatcher) return; // a literal object, matched as a subset
  for (const key of keys) {
    if (MATCHER_KEYS.includes(key)) {
      lintArgument(key, (value as Record<string, unknown>)[key], [...path, key], issues);
      continue;
    }
    const suggestion = didYouMean(key, MATCHER_KEYS);
    issues.push({
      path: [...path, key],
      code: 'REHEARSE_UNKNOWN_MATCHER',
      message: `Unknown matcher "${key}".`,
      expected: `one of ${MATCHER_NAMES.join(', ')}, schema`,
      hint: suggestion
        ? `Did you mean "${suggestion}"?`
        : 'To match a field literally, write the path as the key: "body.field": value.',
    });
  }
}

function lintArgument(name: string, argument: unknown, path: Array<string | number>, issues: ExpectationIssue[]): void {
  if (isTemplate(argument)) return;
  const invalid = (message: string, expected: string, hint?: string) =>
    issues.push({ path, code: 'REHEARSE_INVALID_MATCHER', message, expected, ...(hint ? { hint } : {}) });
  switch (name) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (typeof argument !== 'number' && typeof argument !== 'bigint' && typeof argument !== 'string')
        invalid(`"${name}" needs a number (or a date string).`, 'a number');
      break;
    case 'before':
    case 'after':
      if (typeof argument !== 'string' || parseIsoInstant(argument) === undefined)
        invalid(
          `"${name}" needs an ISO 8601 timestamp, got ${stringifyJson(argument) ?? 'nothing'}.`,
          'an ISO 8601 date or date-time such as "2026-11-30T09:30:00Z", or "{{ run.startedAt }}"',
          'Quote the timestamp; a date-time without an offset is read as UTC.',
        );
      break;
    case 'in':
      if (!Array.isArray(argument)) invalid('"in" needs a list of allowed values.', 'a list, e.g. [OPEN, ALLOCATED]');
      break;
    case 'matches':
      try {
        new RegExp(String(argument));
      } catch (error) {
        invalid(
          `"matches" needs a valid regular expression: ${(error as Error).message}.`,
          'a regular expression',
          'Escape special characters with \\\\.',
        );
      }
      break;
    case 'exists':
      if (typeof argument !== 'boolean') invalid('"exists" needs true or false.', 'true or false');
      break;
    case 'length':
      if (typeof argument === 'number') break;
      if (argument && typeof argument === 'object' && !Array.isArray(argument))
        lintValue(argument, path.slice(0, -1).concat('length'), issues);
      else invalid('"length" needs a number or a matcher such as { gte: 1 }.', 'a number or a matcher object');
      break;
    case 'type':
      // String(null) is "null": `type: null` (the YAML null) names the type null, as `type: "null"` does.
      if (typeof argument !== 'string' && argument !== null) {
        invalid(
          `"type" needs a type name, got ${stringifyJson(argument) ?? 'nothing'}.`,
          `one of ${TYPE_NAMES.join(', ')}`,
        );
      } else if (!(TYPE_NAMES as readonly string[]).includes(String(argument))) {
        const suggestion = didYouMean(String(argument), TYPE_NAMES);
        invalid(
          `Unknown type "${String(argument)}".`,
          `one of ${TYPE_NAMES.join(', ')}`,
          suggestion ? `Did you mean "${suggestion}"?` : undefined,
        );
      }
      break;
    case 'approx': {
      const spec = argument as { value?: unknown; tolerance?: unknown; percent?: unknown } | null;
      if (
        !spec ||
        typeof spec !== 'object' ||
        typeof spec.value !== 'number' ||
        (typeof spec.tolerance !== 'number' && typeof spec.percent !== 'number')
      ) {
        invalid('"approx" needs { value, tolerance } or { value, percent }.', '{ value: 10.5, tolerance: 0.01 }');
      }
      break;
    }
    case 'schema':
      if (typeof argument !== 'string') invalid('"schema" needs the name of a schema.', 'a schema name such as Order');
      break;
    default:
      break;
  }
}
