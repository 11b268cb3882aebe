import type { ScalarTag } from './yaml-library.js';

/**
 * The `yaml` package's custom tags option (`customTags`): YAML 1.2's decimal integers, except
 * that one beyond 2^53 is read as a bigint with all its digits (`id: 9007199254740993` would
 * otherwise become ...992): an expectation on a 64-bit id compares exactly, and a request body
 * sends it back as written. Smaller integers stay numbers.
 *
 * @example
 * new Composer({ customTags: exactIntegers });
 */
export function exactIntegers<T>(tags: T[]): T[] {
  return tags.map((tag) => (isDecimalIntTag(tag) ? ({ ...tag, resolve: exactInteger } as T) : tag));
}

const isDecimalIntTag = (tag: unknown): tag is ScalarTag =>
  typeof tag === 'object' && tag !== null && 'tag' in tag && tag.tag === 'tag:yaml.org,2002:int' && !('format' in tag);

const exactInteger = (text: string): number | bigint =>
  Number.isSafeInteger(Number(text)) ? Number(text) : BigInt(text);
