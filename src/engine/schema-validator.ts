import { bigintsAsNumbers } from '../core/bigints-as-numbers.js';
import { createAjv } from '../core/schema-validate.js';
import type { ValidateFunction } from 'ajv';

/** Checks a value against the data schema of that name. */
export type SchemaValidator = (name: string, value: unknown) => { ok: boolean; errors: string[] };

// One validator per loaded project's schemas, for the whole process: every scenario run of a
// worker shares the compiled schemas (a compile costs 20–50 ms).
const validators = new WeakMap<ReadonlyMap<string, object>, SchemaValidator>();

/**
 * Validates values against the project's data schemas by name (`schema: Order`),
 * compiling each schema once per process. Ajv itself is made on the first check: a run whose
 * steps check no schema never pays for it.
 */
export function createSchemaValidator(schemas: ReadonlyMap<string, object>): SchemaValidator {
  const known = validators.get(schemas);
  if (known) return known;
  const made = compilingValidator(schemas);
  validators.set(schemas, made);
  return made;
}

function compilingValidator(schemas: ReadonlyMap<string, object>): SchemaValidator {
  let ajv: ReturnType<typeof createAjv> | undefined;
  const compiled = new Map<string, ValidateFunction>();
  return (name, value) => {
    const schema = schemas.get(name);
    if (!schema)
      return { ok: false, errors: [`no schema named "${name}" (known: ${[...schemas.keys()].join(', ') || 'none'})`] };
    let validate = compiled.get(name);
    if (!validate) {
      validate = (ajv ??= createAjv()).compile(schema);
      compiled.set(name, validate);
    }
    if (validate(bigintsAsNumbers(value))) return { ok: true, errors: [] };
    return {
      ok: false,
      errors: (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`),
    };
  };
}
