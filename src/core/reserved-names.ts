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
 * The roots every expression reads without defining them (`tenant.*`, `env.NAME`, `run.id`,
 * `vars`, `fake.*`, `date.*`, `now()`, `today()`). They always mean the built-in: a parameter,
 * variable, saved value or loop variable of that name would never be read, so the schemas refuse
 * it where a user names one (`Identifier`). The expression scope takes its roots from here.
 */
export const EXPRESSION_ROOT_NAMES = ['tenant', 'env', 'run', 'vars', 'fake', 'date', 'now', 'today'] as const;

/** Whether `name` is one of `EXPRESSION_ROOT_NAMES`. */
export function isExpressionRootName(name: string): boolean {
  return (EXPRESSION_ROOT_NAMES as readonly string[]).includes(name);
}

/**
 * `pattern` with the reserved names excluded, as one regular expression (a negative
 * look-ahead), so editors flag them too and the JSON Schemas stay small.
 *
 * @example
 * new RegExp(excludingReservedNames('^[a-z]+$')).test('constructor') // false
 */
export function excludingReservedNames(pattern: string, also: readonly string[] = []): string {
  const body = pattern.replace(/^\^/, '');
  return `^(?!(?:${[...OBJECT_PROTOTYPE_NAMES, ...also].join('|')})$)${body}`;
}

export function isReservedName(name: string): boolean {
  return OBJECT_PROTOTYPE_NAMES.includes(name);
}

/**
 * The pattern of a user's variable or parameter name (`Identifier` in src/schema): letters, digits
 * and `_`, not starting with a digit, neither a prototype name nor an expression root.
 */
export const IDENTIFIER_PATTERN = excludingReservedNames('^[A-Za-z_][A-Za-z0-9_]*$', EXPRESSION_ROOT_NAMES);
