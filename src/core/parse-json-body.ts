import { parse } from 'lossless-json';

/** A run of 16 digits: every JSON number with fewer digits in a row is exact as a double. */
const LONG_DIGITS = /\d{16}/;

/**
 * Parses JSON text as `JSON.parse` does, except that an integer beyond `Number.MAX_SAFE_INTEGER`
 * (2^53 − 1) becomes a `bigint` with every digit the text had, instead of a rounded double
 * (RFC 8259 §6 leaves the range of numbers to the reader; snowflake ids and 64-bit order numbers
 * are beyond 2^53). Every other number stays a plain `number`, so bodies without long numbers
 * read exactly as before, and as fast: the lossless reader (`lossless-json`) only runs on a text
 * that has a run of 16 digits.
 *
 * Throws a `SyntaxError` for text that is not JSON. One difference from `JSON.parse`: on the
 * lossless path a member name given twice with different values is an error (JSON.parse keeps the
 * last); such a text is then read by `JSON.parse`, the last value winning, as before.
 *
 * @example
 * parseJsonBody('{"id": 9007199254740993, "qty": 2}') // { id: 9007199254740993n, qty: 2 }
 */
export function parseJsonBody(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text) as unknown;
  try {
    return parse(text, undefined, exactNumber) as unknown;
  } catch (error) {
    const plain = JSON.parse(text) as unknown; // throws JSON.parse's own SyntaxError for bad text
    if (/Duplicate key/i.test(error instanceof Error ? error.message : '')) return plain;
    throw error;
  }
}

function exactNumber(text: string): number | bigint {
  const value = Number(text);
  if (Number.isSafeInteger(value) || !/^-?\d+$/.test(text)) return value;
  return BigInt(text);
}
