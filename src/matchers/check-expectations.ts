import { getPath } from '../core/json-path.js';
import { pathSegments } from './parsed-path.js';
import { stringifyJson } from '../core/stringify-json.js';
import { applyMatcher } from './apply-matcher.js';
import type { CheckResult } from './check-result.js';
import { subsetMismatch } from './deep-equal.js';
import { isMatcherObject, type MatcherName } from './matcher-names.js';

export interface CheckOptions {
  /** Validates a value against a named JSON Schema (`schema: Order`). */
  schemaCheck?: (name: string, value: unknown) => { ok: boolean; errors: string[] };
  /** What the top-level `schema` key validates (default: the whole subject). */
  schemaTarget?: string;
}

const show = (v: unknown) => stringifyJson(v) ?? 'undefined';

/**
 * Checks an `expect` spec against a subject. Keys are paths into the subject;
 * values are literals (JSON-subset match) or matcher objects.
 *
 * @example
 * checkExpectations({ lines: [{ qty: 3 }] }, { 'lines[0].qty': { gte: 5 } })
 * // [{ passed: false, message: 'lines[0].qty: expected >= 5, got 3', ... }]
 */
export function checkExpectations(
  subject: unknown,
  spec: Readonly<Record<string, unknown>>,
  options: CheckOptions = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const [path, expected] of Object.entries(spec)) {
    if (path === 'schema' && typeof expected === 'string') {
      const target = options.schemaTarget ? getPath(subject, options.schemaTarget).value : subject;
      results.push(schemaResult(options.schemaTarget ?? '(result)', expected, target, options));
      continue;
    }
    const { found, value } = getPath(subject, pathSegments(path) ?? path);
    if (isMatcherObject(expected)) {
      for (const [name, argument] of Object.entries(expected)) {
        if (name === 'schema') {
          results.push(schemaResult(path, String(argument), value, options));
          continue;
        }
        const verdict = applyMatcher(name as MatcherName, argument, value, found);
        results.push({
          path,
          matcher: name,
          expected: argument,
          actual: value,
          passed: verdict.passed,
          message: `${path}: ${verdict.expectation}, got ${found ? (verdict.got ?? show(value)) : 'nothing (the path does not exist)'}`,
        });
      }
      continue;
    }
    const miss = found ? subsetMismatch(value, expected, '', nestedMatcher) : { path: '', expected, actual: undefined };
    const where = miss?.path ? `${path}.${miss.path}`.replace(/\.\[/g, '[').replace(/\.length$/, '.length') : path;
    results.push({
      path,
      matcher: typeof expected === 'object' && expected !== null ? 'subset' : 'eq',
      expected,
      actual: value,
      passed: miss === undefined,
      message:
        miss === undefined
          ? `${path}: matches`
          : `${where}: expected ${show(miss.expected)}, got ${found && !miss.missing ? show(miss.actual) : 'nothing (the path does not exist)'}`,
    });
  }
  return results;
}

/** Matcher objects inside a subset literal: `body: { customer: { matches: "^C-" } }`. */
const nestedMatcher = (actual: unknown, expected: unknown): boolean | undefined => {
  if (!isMatcherObject(expected) || 'schema' in expected) return undefined;
  return Object.entries(expected).every(
    ([name, argument]) => applyMatcher(name as MatcherName, argument, actual, actual !== undefined).passed,
  );
};

function schemaResult(path: string, name: string, value: unknown, options: CheckOptions): CheckResult {
  const verdict = options.schemaCheck
    ? options.schemaCheck(name, value)
    : { ok: false, errors: ['no schema validator configured'] };
  return {
    path,
    matcher: 'schema',
    expected: name,
    actual: verdict.ok ? 'valid' : verdict.errors.slice(0, 5),
    passed: verdict.ok,
    message: verdict.ok
      ? `${path}: matches schema ${name}`
      : `${path}: does not match schema ${name}: ${verdict.errors.slice(0, 3).join('; ')}`,
  };
}
