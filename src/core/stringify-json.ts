import { stringify } from 'lossless-json';

/**
 * `JSON.stringify` that also writes a `bigint` (a JSON integer beyond 2^53 read by
 * `parseJsonBody`, or a YAML literal) as the JSON number it is, digit for digit, where
 * `JSON.stringify` throws. Values without a bigint take `JSON.stringify`'s own, faster path.
 * Returns undefined where `JSON.stringify` does (undefined, a function).
 *
 * @example
 * stringifyJson({ orderNo: 123456789012345678n }) // '{"orderNo":123456789012345678}'
 */
export function stringifyJson(value: unknown, space?: number): string | undefined {
  try {
    return JSON.stringify(value, undefined, space);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    return stringify(value, undefined, space);
  }
}
