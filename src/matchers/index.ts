export { checkExpectations } from './check-expectations.js';
export type { CheckOptions } from './check-expectations.js';
export type { CheckResult } from './check-result.js';
export { lintExpectation } from './lint-expectation.js';
export type { ExpectationIssue } from './lint-expectation.js';
export { MATCHER_NAMES, MATCHER_KEYS, TYPE_NAMES, isMatcherObject } from './matcher-names.js';
export type { MatcherName } from './matcher-names.js';
export { deepEqual, subsetMismatch } from './deep-equal.js';
export { pathSegments } from './parsed-path.js';
