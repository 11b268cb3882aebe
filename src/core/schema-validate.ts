import { createRequire } from 'node:module';
import type * as AjvTypes from 'ajv';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

type AjvModule = typeof AjvTypes;
import type { Diagnostic } from './diagnostic.js';
import { formatPath } from './diagnostic.js';
import { suggestionHint } from './did-you-mean.js';
import { DURATION_CAPTURE, DURATION_MAX_KEYWORD, DURATION_UNITS_MS, durationUnitHint } from './duration.js';
import { IDENTIFIER_PATTERN, isExpressionRootName, isReservedName } from './reserved-names.js';
import { numericScalarProblem, type NumericScalar } from './numeric-scalars.js';
import { compileCached } from './validator-cache.js';
import type { YamlSource } from './yaml-source.js';
import { stringifyJson } from './stringify-json.js';

type JsonSchema = Record<string, unknown>;
type Segment = string | number;

// Ajv (CommonJS) is loaded on the first validation, not with this module: a load that skips
// the schema checks (a trusted reload, see LoadOptions.trustedDigest) never pays for it.
const require = createRequire(import.meta.url);

/**
 * An Ajv for user files: every error, with the schema that failed, Ajv's formats and
 * Rehearse's `durationMaxMs` keyword. `standalone: true` keeps each validator's source so
 * that it can be saved as standalone code (see `compileCached`).
 */
export function createAjv(options: { standalone?: boolean } = {}): Ajv {
  const ajvModule = require('ajv') as AjvModule;
  const addFormats = require('ajv-formats') as unknown as (ajv: Ajv) => Ajv;
  const { _ } = ajvModule;
  const ajv = new ajvModule.Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    allowUnionTypes: true,
    ...(options.standalone
      ? { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } }
      : {}),
  });
  addFormats(ajv);
  // A duration that fits the pattern can still be longer than a timer holds (see MAX_TIMER_MS).
  // Written as generated code (not a `validate` function) so standalone validators can hold it;
  // the pattern and units are duration.ts's own, so parseDuration and the schema agree.
  ajv.addKeyword({
    keyword: DURATION_MAX_KEYWORD,
    type: 'string',
    schemaType: 'number',
    code(cxt) {
      const { stringify } = ajvModule;
      cxt.fail(
        _`(function (text) { var m = new RegExp(${DURATION_CAPTURE}).exec(text); return m ? Math.round(Number(m[1]) * ${stringify(DURATION_UNITS_MS)}[m[2]]) : 0; })(${cxt.data}) > ${cxt.schema}`,
      );
    },
  });
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction>();

// One Ajv per top-level schema: several file schemas embed the same recursive
// `$id` (e.g. `Step`), and one shared Ajv refuses a second schema with that id.
function compile(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = compileCached(() => createAjv({ standalone: true }), schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export interface ValidateOptions {
  /** Where `value` sits inside the source document (for nested validation). */
  basePath?: readonly Segment[];
  /** The value to validate; defaults to the whole document. */
  value?: unknown;
}

/**
 * Validates a YAML document (or a part of it) against a JSON Schema and turns
 * Ajv's errors into positioned diagnostics with did-you-mean hints. The unquoted scalars that
 * YAML read as numbers with another text (`source.numericScalars`, e.g. `0070`) inside the value
 * learn what the schema wants there (`expects`); where it wants text, the problem is
 * `REHEARSE_YAML_NUMBER_FOR_TEXT` ("quote it") instead of a wrong type.
 *
 * @example
 * const problems = validateWithSchema(TenantProfileSchema, source);
 */
export function validateWithSchema(schema: object, source: YamlSource, options: ValidateOptions = {}): Diagnostic[] {
  const validate = compile(schema as JsonSchema);
  const value = 'value' in options ? options.value : source.value;
  const basePath = options.basePath ?? [];
  const errors = validate(value) ? [] : [...(validate.errors ?? [])];
  const diagnostics = simplify(errors, value).map((error) => toDiagnostic(error, source, basePath));
  const numeric = classifyNumericScalars(validate, value, errors, source, basePath);
  if (numeric.length === 0) return diagnostics;
  // Where text is expected, the number YAML made is the cause: say so instead of "wrong type".
  const at = (d: { line?: number; column?: number }) => `${d.line}:${d.column}`;
  const causes = new Map(numeric.map((n) => [at(n.at), n]));
  const replaced = diagnostics.filter((d) => !causes.has(at(d)));
  const notes = numeric.flatMap((n) => numericScalarProblem(n, formatPath(n.path)) ?? []);
  return [...replaced, ...notes];
}

/**
 * Tells, for each numeric scalar (`02134` read as 2134) inside the validated value whose
 * schema wish is not known yet, whether the schema wants a number or text there: the value
 * is validated once more with those scalars as the text written; an error that appears at a
 * scalar's place means a number is wanted, one that goes away means text is. Records the
 * answer on the scalar (`expects`) and returns those that want text.
 */
function classifyNumericScalars(
  validate: ValidateFunction,
  value: unknown,
  errors: readonly ErrorObject[],
  source: YamlSource,
  basePath: readonly Segment[],
): NumericScalar[] {
  const inside = (source.numericScalars ?? []).filter(
    (n) => n.expects === undefined && basePath.every((segment, i) => n.path[i] === segment),
  );
  if (inside.length === 0) return [];
  let swapped = value;
  for (const n of inside) swapped = replaceAt(swapped, n.path.slice(basePath.length), n.text);
  const pointer = (path: readonly Segment[]) =>
    path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const before = new Set(errors.map((e) => e.instancePath));
  const after = new Set(validate(swapped) ? [] : (validate.errors ?? []).map((e) => e.instancePath));
  const wantText: NumericScalar[] = [];
  for (const n of inside) {
    const here = pointer(n.path.slice(basePath.length));
    if (after.has(here) && !before.has(here)) n.expects = 'number';
    else if (before.has(here) && !after.has(here)) {
      n.expects = 'string';
      wantText.push(n);
    }
  }
  return wantText;
}

/** `root` with the value at `path` replaced, copying only the containers along the path. */
function replaceAt(root: unknown, path: readonly Segment[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number' && head < root.length) {
    const copy = [...root];
    copy[head] = replaceAt(root[head], rest, replacement);
    return copy;
  }
  if (root && typeof root === 'object' && !Array.isArray(root) && Object.hasOwn(root, String(head))) {
    const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
    // defineProperty: a key named "__proto__" stays a key.
    Object.defineProperty(copy, String(head), {
      value: replaceAt(copy[String(head)], rest, replacement),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  }
  return root;
}

/** Drops the noise of failed union branches, keeping the branch that fits the value's type. */
function simplify(errors: ErrorObject[], root: unknown): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  // `propertyNames` repeats what its inner errors (which carry the key) already say.
  let kept = errors.filter((e) => e.keyword !== 'propertyNames');
  for (const union of unions) {
    const inside = kept.filter((e) => e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`));
    const branches = (union.schema as JsonSchema[]) ?? [];
    const value = valueAt(root, union.instancePath);
    const literal = literalUnion(union, branches, value);
    if (literal) {
      kept = kept.filter((e) => e !== union && !inside.includes(e));
      kept.push(literal);
      continue;
    }
    if (inside.length === 0) continue;
    let fitting = branches
      .map((branch, index) => ({ branch, index }))
      .filter(({ branch }) => typeMatches(branch, value));
    // Tagged unions ({ type: bearer | apiKey ... }): the branch whose tag matches is the one meant.
    const tagged = fitting.filter(({ branch }) => discriminatorsMatch(branch, value));
    if (tagged.length > 0 && tagged.length < fitting.length) fitting = tagged;
    kept = kept.filter((e) => !inside.includes(e));
    if (tagged.length === 0 && fitting.length > 1) {
      const tag = unknownTag(
        union,
        fitting.map((f) => f.branch),
        value,
      );
      if (tag) {
        kept = kept.filter((e) => e !== union);
        kept.push(tag);
        continue;
      }
    }
    if (fitting.length === 1) {
      const prefix = `${union.schemaPath}/${fitting[0]!.index}/`;
      kept = kept.filter((e) => e !== union);
      kept.push(...inside.filter((e) => e.schemaPath.startsWith(prefix)));
    }
  }
  // A missing-or-unknown key report beats a generic type error on the same node.
  return dedupe(kept);
}

/**
 * A union of string literals (`api | ui`, `run | tenant | all`) that the value is not one
 * of reads as an enum, so it gets the enum's message and a did-you-mean.
 */
function literalUnion(union: ErrorObject, branches: JsonSchema[], value: unknown): ErrorObject | undefined {
  if (branches.length === 0 || !branches.every((b) => b.const !== undefined)) return undefined;
  return {
    ...union,
    keyword: 'enum',
    params: { allowedValues: branches.map((b) => b.const) },
    data: value,
  };
}

/**
 * A tagged union (`auth: { type: oauth }`) whose tag names no branch: the tag is what is
 * wrong, so the answer points at it with the valid tags and a did-you-mean.
 */
function unknownTag(union: ErrorObject, branches: JsonSchema[], value: unknown): ErrorObject | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const tagsOf = (branch: JsonSchema) =>
    Object.entries((branch.properties as Record<string, JsonSchema> | undefined) ?? {}).filter(
      ([, property]) => property.const !== undefined,
    );
  const first = tagsOf(branches[0]!);
  if (first.length !== 1) return undefined;
  const key = first[0]![0];
  const consts = branches.map((b) => tagsOf(b).find(([k]) => k === key)?.[1].const);
  if (consts.some((c) => c === undefined)) return undefined;
  const record = value as Record<string, unknown>;
  if (!(key in record)) {
    return { ...union, keyword: 'required', params: { missingProperty: key }, parentSchema: branches[0] };
  }
  return {
    ...union,
    instancePath: `${union.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    keyword: 'enum',
    params: { allowedValues: consts },
    data: record[key],
    parentSchema: { description: `the ${key} of ${String(union.parentSchema?.description ?? 'this value')}` },
  };
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.propertyName ?? ''}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when every `const` property of an object schema equals the value's property (and there is one). */
function discriminatorsMatch(schema: JsonSchema, value: unknown): boolean {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || !value || typeof value !== 'object') return false;
  const tags = Object.entries(properties).filter(([, property]) => property.const !== undefined);
  return tags.length > 0 && tags.every(([key, property]) => (value as Record<string, unknown>)[key] === property.const);
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  const declared = schema.type ?? (schema.const !== undefined ? typeof schema.const : undefined);
  if (declared === undefined) return schema.enum === undefined || (schema.enum as unknown[]).includes(value);
  const types = Array.isArray(declared) ? (declared as string[]) : [declared as string];
  return types.some((t) => jsonType(value) === t || (t === 'number' && jsonType(value) === 'integer'));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'bigint') return 'integer beyond 2^53';
  return typeof value;
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>(
    (node, segment) =>
      node && typeof node === 'object' && Object.hasOwn(node, segment)
        ? (node as Record<string, unknown>)[segment]
        : undefined,
    root,
  );
}

function pointerSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeType(value: unknown): string {
  const type = jsonType(value);
  if (type === 'string') return `string "${String(value).slice(0, 40)}"`;
  if (type === 'integer' || type === 'number') return `number ${String(value)}`;
  return type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : type;
}

function toDiagnostic(error: ErrorObject, source: YamlSource, basePath: readonly Segment[]): Diagnostic {
  const path = [...basePath, ...pointerSegments(error.instancePath)];
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const title = typeof parent.description === 'string' ? parent.description : undefined;
  const at = (p: readonly Segment[], key = false) => ({
    ...source.locate(p, { key }),
    path: formatPath(p) || '(root)',
  });
  // Errors of `propertyNames` are about a key of the mapping at `path`: point at that key.
  if (error.propertyName !== undefined)
    return keyDiagnostic(error, error.propertyName, at([...path, error.propertyName], true));
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((parent.properties as JsonSchema | undefined) ?? {});
      return {
        code: 'REHEARSE_UNKNOWN_KEY',
        message: `Unknown key "${key}".`,
        ...at([...path, key], true),
        expected: allowed.length ? `one of ${allowed.join(', ')}` : 'no other keys',
        hint: suggestionHint(key, allowed, 'key'),
      };
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return {
        code: 'REHEARSE_MISSING_KEY',
        message: `Missing required key "${key}".`,
        ...at(path),
        expected: `a "${key}" key`,
        hint: `Add "${key}:" here${describeProperty(parent, key)}.`,
      };
    }
    case 'type':
      return {
        code: 'REHEARSE_WRONG_TYPE',
        message: `Expected ${String(error.params.type)}, got ${describeType(error.data)}.`,
        ...at(path),
        expected: title ?? String(error.params.type),
      };
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      return {
        code: 'REHEARSE_INVALID_VALUE',
        message: `Invalid value ${stringifyJson(error.data)}.`,
        ...at(path),
        expected: `one of ${allowed.join(', ')}`,
        hint: suggestionHint(String(error.data), allowed, 'value'),
      };
    }
    case 'const':
      return {
        code: 'REHEARSE_INVALID_VALUE',
        message: `Invalid value ${stringifyJson(error.data)}.`,
        ...at(path),
        expected: JSON.stringify(error.params.allowedValue),
        hint: suggestionHint(String(error.data), [String(error.params.allowedValue)], 'value'),
      };
    case 'pattern':
    case 'format': {
      if (typeof error.data === 'string' && isReservedName(error.data)) return reservedDiagnostic(error, at(path));
      if (typeof error.data === 'string' && isExpressionRootName(error.data) && isIdentifierSchema(parent))
        return builtinRootDiagnostic(error.data, at(path));
      const unitHint =
        typeof error.data === 'string' && isDurationSchema(parent) ? durationUnitHint(error.data) : undefined;
      return {
        code: 'REHEARSE_INVALID_FORMAT',
        message: `Invalid value ${stringifyJson(error.data)}${title ? `: expected ${title}` : ''}.`,
        ...at(path),
        expected: title ?? `a value matching ${String(error.params.pattern ?? error.params.format)}`,
        hint:
          unitHint ??
          (typeof parent.examples === 'object'
            ? `For example: ${(parent.examples as unknown[]).map(String).join(', ')}.`
            : undefined),
      };
    }
    case DURATION_MAX_KEYWORD:
      return {
        code: 'REHEARSE_DURATION_TOO_LONG',
        message: `Duration ${stringifyJson(error.data)} is longer than a timer can hold (at most 2147483647 ms, about 24.8 days).`,
        ...at(path),
        expected: 'a duration of at most 596h',
        hint: 'A longer timer would fire at once; use a shorter duration.',
      };
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return rangeDiagnostic(error, parent, at(path));
    case 'anyOf':
    case 'oneOf': {
      const forms = ((error.schema as JsonSchema[]) ?? []).map((b) => String(b.description ?? b.type ?? 'a form'));
      return {
        code: 'REHEARSE_WRONG_TYPE',
        message: `Value does not match any allowed form (got ${describeType(error.data)}).`,
        ...at(path),
        expected: forms.join(' | '),
      };
    }
    default:
      return {
        code: 'REHEARSE_SCHEMA_VIOLATION',
        message: `${error.message ?? 'Invalid value'}.`,
        ...at(path),
        expected: title,
      };
  }
}

type Where = Pick<Diagnostic, 'file' | 'line' | 'column' | 'path'>;

/** A key of a record that breaks the documented name pattern, or is reserved. */
function keyDiagnostic(error: ErrorObject, key: string, where: Where): Diagnostic {
  if (isReservedName(key)) return reservedDiagnostic({ ...error, data: key }, where);
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  if (isExpressionRootName(key) && isIdentifierSchema(parent)) return builtinRootDiagnostic(key, where);
  const title = typeof parent.description === 'string' ? parent.description : undefined;
  return {
    code: 'REHEARSE_INVALID_NAME',
    message: `Invalid name ${JSON.stringify(key)}.`,
    ...where,
    expected: title ?? `a name matching ${String(parent.pattern ?? error.params.pattern ?? '')}`,
    hint:
      typeof parent.examples === 'object'
        ? `For example: ${(parent.examples as unknown[]).map(String).join(', ')}.`
        : 'Rename it: letters, digits and the separators the pattern allows.',
  };
}

/** The schema of a user's variable or parameter name (`Identifier`): its pattern refuses the built-in roots. */
function isIdentifierSchema(schema: JsonSchema): boolean {
  return schema.pattern === IDENTIFIER_PATTERN;
}

/** A user's name that an expression root always wins over (see EXPRESSION_ROOT_NAMES). */
function builtinRootDiagnostic(name: string, where: Where): Diagnostic {
  return {
    code: 'REHEARSE_RESERVED_NAME',
    message: `"${name}" cannot be a variable or parameter name: in an expression, ${name} always means the built-in ${name === 'now' || name === 'today' ? `${name}()` : `${name}.*`}, so a value of that name would never be read.`,
    ...where,
    expected: 'a name that is not a built-in root (tenant, env, run, vars, fake, date, now, today)',
    hint: `Rename it, e.g. "${name === 'today' || name === 'now' || name === 'date' ? 'planningDate' : `${name}Name`}", here and where it is read.`,
  };
}

/** A name every JavaScript object already has (see OBJECT_PROTOTYPE_NAMES). */
function reservedDiagnostic(error: ErrorObject, where: Where): Diagnostic {
  return {
    code: 'REHEARSE_RESERVED_NAME',
    message: `"${String(error.data)}" cannot be used as a name: every JavaScript object already has a property called that.`,
    ...where,
    expected: 'a name that is not a property of Object.prototype (constructor, __proto__, toString, ...)',
    hint: `Rename it, e.g. "${String(error.data).replace(/^_+/, '')}Name".`,
  };
}

function rangeDiagnostic(error: ErrorObject, parent: JsonSchema, where: Where): Diagnostic {
  const tooLarge = error.keyword === 'maximum' || error.keyword === 'exclusiveMaximum';
  const min = parent.minimum ?? parent.exclusiveMinimum;
  const max = parent.maximum ?? parent.exclusiveMaximum;
  const limit = tooLarge
    ? `${parent.maximum === undefined ? 'less than' : 'at most'} ${String(max)}`
    : `${parent.minimum === undefined ? 'more than' : 'at least'} ${String(min)}`;
  const range =
    min !== undefined && max !== undefined ? `a number between ${String(min)} and ${String(max)}` : `a number ${limit}`;
  const description = typeof parent.description === 'string' ? ` (${parent.description})` : '';
  return {
    code: 'REHEARSE_OUT_OF_RANGE',
    message: `Value ${stringifyJson(error.data)} is too ${tooLarge ? 'large' : 'small'}: it must be ${limit}.`,
    ...where,
    expected: `${range}${description}`,
    hint: `Use a ${tooLarge ? 'smaller' : 'larger'} value (${limit}).`,
  };
}

function isDurationSchema(schema: JsonSchema): boolean {
  return schema[DURATION_MAX_KEYWORD] !== undefined || String(schema.pattern ?? '').includes('(ms|s|m|h)');
}

function describeProperty(parent: JsonSchema, key: string): string {
  const property = (parent.properties as Record<string, JsonSchema> | undefined)?.[key];
  return property && typeof property.description === 'string' ? ` (${property.description})` : '';
}
