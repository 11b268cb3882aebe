/**
 * Names every JavaScript object already has (`Object.prototype`'s own properties). A user's
 * name that is one of them would look defined in every plain object (`params.constructor`,
 * `environments['toString']`), so the schemas refuse them wherever a user names something,
 * and lookups keyed by a user's name use `Object.hasOwn` or a `Map`. Written out, not
 * computed, so the editor schemas do not change with the Node.js version.
 */
export const OBJECT_PROTOTYPE_NAMES: readonly string[] = [
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
];

/**
 * `pattern` with the reserved names excluded, as one regular expression (a negative
 * look-ahead), so editors flag them too and the JSON Schemas stay small.
 *
 * @example
 * new RegExp(excludingReservedNames('^[a-z]+$')).test('constructor') // false
 */
export function excludingReservedNames(pattern: string): string {
  const body = pattern.replace(/^\^/, '');
  return `^(?!(?:${OBJECT_PROTOTYPE_NAMES.join('|')})$)${body}`;
}

export function isReservedName(name: string): boolean {
  return OBJECT_PROTOTYPE_NAMES.includes(name);
}
