import { deepEqual, subsetMismatch } from './deep-equal.js';
import { isMatcherObject, typeName, type MatcherName } from './matcher-names.js';

/** Whether one matcher holds, and how to say what was expected. */
export interface MatcherVerdict {
  passed: boolean;
  /** "expected >= 5" style description. */
  expectation: string;
}

const MAX_PATTERN = 500;
const MAX_INPUT = 100_000;

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? 'undefined'));

function ordered(
  actual: unknown,
  expected: unknown,
  test: (a: number | string, b: number | string) => boolean,
): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return test(actual, expected);
  if (typeof actual === 'string' && typeof expected === 'string') return test(actual, expected);
  const a = typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : actual;
  const b = typeof expected === 'string' && expected.trim() !== '' ? Number(expected) : expected;
  return typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
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
      return { passed: ordered(actual, expected, (a, b) => a > b), expectation: `expected > ${show(expected)}` };
    case 'gte':
      return { passed: ordered(actual, expected, (a, b) => a >= b), expectation: `expected >= ${show(expected)}` };
    case 'lt':
      return { passed: ordered(actual, expected, (a, b) => a < b), expectation: `expected < ${show(expected)}` };
    case 'lte':
      return { passed: ordered(actual, expected, (a, b) => a <= b), expectation: `expected <= ${show(expected)}` };
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
      const text = typeof actual === 'string' ? actual : typeof actual === 'number' ? String(actual) : undefined;
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
      const length = typeof actual === 'string' || Array.isArray(actual) ? actual.length : undefined;
      if (length === undefined)
        return { passed: false, expectation: `expected a string or list with length ${show(expected)}` };
      if (isMatcherObject(expected)) {
        const verdicts = Object.entries(expected).map(([k, v]) => applyMatcher(k as MatcherName, v, length, true));
        return {
          passed: verdicts.every((v) => v.passed),
          expectation: `expected length ${verdicts.map((v) => v.expectation.replace(/^expected /, '')).join(' and ')}`,
        };
      }
      return { passed: length === expected, expectation: `expected length ${show(expected)}` };
    }
    case 'type': {
      const actualType = typeName(actual);
      const passed = found && (actualType === expected || (expected === 'number' && actualType === 'integer'));
      return { passed, expectation: `expected type ${String(expected)}` };
    }
    case 'approx': {
      const spec = (expected ?? {}) as { value?: unknown; tolerance?: unknown; percent?: unknown };
      const target = Number(spec.value);
      const tolerance =
        spec.percent !== undefined ? (Math.abs(target) * Number(spec.percent)) / 100 : Number(spec.tolerance ?? 0);
      const passed = typeof actual === 'number' && Math.abs(actual - target) <= tolerance;
      return { passed, expectation: `expected ${target} ± ${tolerance}` };
    }
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string')
    return typeof expected === 'string' || typeof expected === 'number' ? actual.includes(String(expected)) : false;
  if (Array.isArray(actual)) return actual.some((item) => subsetMismatch(item, expected) === undefined);
  if (actual && typeof actual === 'object') return subsetMismatch(actual, expected) === undefined;
  return false;
}
