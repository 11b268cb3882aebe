import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Diagnostic } from './diagnostic.js';
import { formatPath } from './diagnostic.js';
import { suggestionHint } from './did-you-mean.js';
import type { YamlSource } from './yaml-source.js';

type JsonSchema = Record<string, unknown>;
type Segment = string | number;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** One shared Ajv for user files: every error, with the schema that failed. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction>();

// One Ajv per top-level schema: several file schemas embed the same recursive
// `$id` (e.g. `Step`), and one shared Ajv refuses a second schema with that id.
function compile(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = createAjv().compile(schema);
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
 * Ajv's errors into positioned diagnostics with did-you-mean hints.
 *
 * @example
 * const problems = validateWithSchema(TenantProfileSchema, source);
 */
export function validateWithSchema(schema: object, source: YamlSource, options: ValidateOptions = {}): Diagnostic[] {
  const validate = compile(schema as JsonSchema);
  const value = 'value' in options ? options.value : source.value;
  if (validate(value)) return [];
  const basePath = options.basePath ?? [];
  return simplify(validate.errors ?? [], value).map((error) => toDiagnostic(error, source, basePath));
}

/** Drops the noise of failed union branches, keeping the branch that fits the value's type. */
function simplify(errors: ErrorObject[], root: unknown): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  let kept = errors;
  for (const union of unions) {
    const inside = kept.filter((e) => e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`));
    if (inside.length === 0) continue;
    const branches = (union.schema as JsonSchema[]) ?? [];
    const value = valueAt(root, union.instancePath);
    let fitting = branches
      .map((branch, index) => ({ branch, index }))
      .filter(({ branch }) => typeMatches(branch, value));
    // Tagged unions ({ type: bearer | apiKey ... }): the branch whose tag matches is the one meant.
    const tagged = fitting.filter(({ branch }) => discriminatorsMatch(branch, value));
    if (tagged.length > 0 && tagged.length < fitting.length) fitting = tagged;
    kept = kept.filter((e) => !inside.includes(e));
    if (fitting.length === 1) {
      const prefix = `${union.schemaPath}/${fitting[0]!.index}/`;
      kept = kept.filter((e) => e !== union);
      kept.push(...inside.filter((e) => e.schemaPath.startsWith(prefix)));
    }
  }
  // A missing-or-unknown key report beats a generic type error on the same node.
  return dedupe(kept);
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
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
  return typeof value;
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>(
    (node, segment) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined),
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
        message: `Invalid value ${JSON.stringify(error.data)}.`,
        ...at(path),
        expected: `one of ${allowed.join(', ')}`,
        hint: suggestionHint(String(error.data), allowed, 'value'),
      };
    }
    case 'const':
      return {
        code: 'REHEARSE_INVALID_VALUE',
        message: `Invalid value ${JSON.stringify(error.data)}.`,
        ...at(path),
        expected: JSON.stringify(error.params.allowedValue),
      };
    case 'pattern':
    case 'format':
      return {
        code: 'REHEARSE_INVALID_FORMAT',
        message: `Invalid ${title ?? 'value'} ${JSON.stringify(error.data)}.`,
        ...at(path),
        expected: title ?? `a value matching ${String(error.params.pattern ?? error.params.format)}`,
        hint:
          typeof parent.examples === 'object'
            ? `For example: ${(parent.examples as unknown[]).map(String).join(', ')}.`
            : undefined,
      };
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

function describeProperty(parent: JsonSchema, key: string): string {
  const property = (parent.properties as Record<string, JsonSchema> | undefined)?.[key];
  return property && typeof property.description === 'string' ? ` (${property.description})` : '';
}
