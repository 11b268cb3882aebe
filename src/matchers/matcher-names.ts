/** Every matcher a scenario may use in `expect`. */
export const MATCHER_NAMES = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'before',
  'after',
  'in',
  'contains',
  'matches',
  'exists',
  'length',
  'type',
  'approx',
] as const;
export type MatcherName = (typeof MATCHER_NAMES)[number];

/** The `schema` key also appears in matcher objects: `body: { schema: Order }`. */
export const MATCHER_KEYS: readonly string[] = [...MATCHER_NAMES, 'schema'];

export const TYPE_NAMES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

/** An object whose keys are all matcher names is a matcher; any other object is a literal to match as a subset. */
export function isMatcherObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => MATCHER_KEYS.includes(k));
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'bigint') return 'integer';
  return typeof value;
}
