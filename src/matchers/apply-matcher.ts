import { codePointLength } from '../core/code-point-length.js';
import { compareDecimal } from '../core/decimal-arithmetic.js';
import { compareIsoInstants, parseIsoInstant } from '../core/iso-instant.js';
import { stringifyJson } from '../core/stringify-json.js';
import { deepEqual, subsetMismatch } from './deep-equal.js';
import { isMatcherObject, typeName, type MatcherName } from './matcher-names.js';

/** Whether one matcher holds, and how to say what was expected. */
export interface MatcherVerdict {
  passed: boolean;
  /** "expected >= 5" style description. */
  expectation: string;
  /** What was found, when the matcher looked at a part of the value ("length 1"); else the value is shown. */
  got?: string;
}

const MAX_PATTERN = 500;
const MAX_INPUT = 100_000;

const show = (v: unknown) => stringifyJson(v) ?? 'undefined';

const isNumeric = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
const numericText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v));

/**
 * The order of two values for gt/gte/lt/lte, or undefined when they have none: two ISO 8601
 * timestamps as instants (offsets and any precision of fraction); two numbers by their exact
 * values (a bigint beyond 2^53 too); two other strings as text; a number and a numeric string as
 * numbers.
 */
function order(actual: unknown, expected: unknown): number | undefined {
  if (typeof actual === 'string' && typeof expected === 'string')
    return compareIsoInstants(actual, expected) ?? (actual < expected ? -1 : actual > expected ? 1 : 0);
  const a = isNumeric(actual) || numericText(actual) ? actual : undefined;
  const b = isNumeric(expected) || numericText(expected) ? expected : undefined;
  if (a === undefined || b === undefined) return undefined;
  const sign = compareDecimal(a, b);
  return Number.isNaN(sign) ? undefined : sign;
}

function ordered(actual: unknown, expected: unknown, test: (sign: number) => boolean): boolean {
  const sign = order(actual, expected);
  return sign !== undefined && test(sign);
}

/** before/after: both sides must be ISO 8601 timestamps; they compare as instants. */
function instantOrder(actual: unknown, expected: unknown): number | undefined {
  return typeof actual === 'string' && typeof expected === 'string' ? compareIsoInstants(actual, expected) : undefined;
}

/**
 * Applies one matcher to a value. `found` tells `exists` whether the path
 * existed at all (a present `null` exists).
 */
export function applyMatcher(name: MatcherName, expected: unknown, actual: unknown, found: boolean): MatcherVerdict {
  switch (name) {
    case 'eq':
      return { passed: found && deepEqual(actual, expected), expectation: `expected ${show(expected)}` };
    case 'ne':
      return { passed: !deepEqual(actual, expected), expectation: `expected not ${show(expected)}` };
    case 'gt':
      return { passed: ordered(actual, expected, (s) => s > 0), expectation: `expected > ${show(expected)}` };
    case 'gte':
      return { passed: ordered(actual, expected, (s) => s >= 0), expectation: `expected >= ${show(expected)}` };
    case 'lt':
      return { passed: ordered(actual, expected, (s) => s < 0), expectation: `expected < ${show(expected)}` };
    case 'lte':
      return { passed: ordered(actual, expected, (s) => s <= 0), expectation: `expected <= ${show(expected)}` };
    case 'before':
    case 'after': {
      const sign = instantOrder(actual, expected);
      const timestamp = typeof expected === 'string' && parseIsoInstant(expected) !== undefined;
      return {
        passed: sign !== undefined && (name === 'before' ? sign < 0 : sign > 0),
        expectation: timestamp
          ? `expected an ISO 8601 timestamp ${name} ${show(expected)}`
          : `expected ${name} ${show(expected)}, which is not an ISO 8601 timestamp`,
      };
    }
    case 'in':
      return {
        passed: Array.isArray(expected) && expected.some((e) => deepEqual(actual, e)),
        expectation: `expected one of ${show(expected)}`,
      };
    case 'contains':
      return { passed: contains(actual, expected), expectation: `expected to contain ${show(expected)}` };
    case 'matches': {
      const pattern = String(expected);
      if (pattern.length > MAX_PATTERN)
        return { passed: false, expectation: 'expected a pattern shorter than 500 characters' };
      let regex: RegExp;
      try {
        regex = new RegExp(pattern);
      } catch {
        return { passed: false, expectation: `expected to match /${pattern}/ (not a valid regular expression)` };
      }
      const text = typeof actual === 'string' ? actual : isNumeric(actual) ? String(actual) : undefined;
      return {
        passed: text !== undefined && text.length <= MAX_INPUT && regex.test(text),
        expectation: `expected to match /${pattern}/`,
      };
    }
    case 'exists': {
      const wanted = expected !== false;
      const present = found && actual !== undefined;
      return { passed: present === wanted, expectation: wanted ? 'expected to exist' : 'expected not to exist' };
    }
    case 'length': {
      // Characters as JSON Schema's maxLength counts them (code points), so both rules agree.
      const length =
        typeof actual === 'string' ? codePointLength(actual) : Array.isArray(actual) ? actual.length : undefined;
      if (length === undefined)
        return { passed: false, expectation: `expected a string or list with length ${show(expected)}` };
      if (isMatcherObject(expected)) {
        const verdicts = Object.entries(expected).map(([k, v]) => applyMatcher(k as MatcherName, v, length, true));
        return {
          passed: verdicts.every((v) => v.passed),
          expectation: `expected length ${verdicts.map((v) => v.expectation.replace(/^expected /, '')).join(' and ')}`,
          got: `length ${length}`,
        };
      }
      return { passed: length === expected, expectation: `expected length ${show(expected)}`, got: `length ${length}` };
    }
    case 'type': {
      // `type: null` in YAML is the null value, not the text "null": both name the type null.
      const wanted = expected === null ? 'null' : expected;
      const actualType = typeName(actual);
      const passed = found && (actualType === wanted || (wanted === 'number' && actualType === 'integer'));
      return { passed, expectation: `expected type ${String(wanted)}` };
    }
    case 'approx': {
      const spec = (expected ?? {}) as { value?: unknown; tolerance?: unknown; percent?: unknown };
      const target = Number(spec.value);
      const tolerance =
        spec.percent !== undefined ? (Math.abs(target) * Number(spec.percent)) / 100 : Number(spec.tolerance ?? 0);
      const passed = isNumeric(actual) && Math.abs(Number(actual) - target) <= tolerance;
      return { passed, expectation: `expected ${target} ± ${tolerance}` };
    }
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string')
    return typeof expected === 'string' || isNumeric(expected) ? actual.includes(String(expected)) : false;
  if (Array.isArray(actual)) return actual.some((item) => subsetMismatch(item, expected) === undefined);
  if (actual && typeof actual === 'object') return subsetMismatch(actual, expected) === undefined;
  return false;
}
