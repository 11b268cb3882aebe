import { bigintsAsNumbers } from '../core/bigints-as-numbers.js';
import { createAjv } from '../core/schema-validate.js';
import { compileCached } from '../core/validator-cache.js';
import type { ValidateFunction } from 'ajv';

/** Checks a value against the data schema of that name. */
export type SchemaValidator = (name: string, value: unknown) => { ok: boolean; errors: string[] };

// One validator per loaded project's schemas, for the whole process: every scenario run of a
// worker shares the compiled schemas. A compile costs 20–50 ms, and Ajv's own start-up more:
// each schema's validator is the one an earlier process saved (compileCached) when there is one.
const validators = new WeakMap<ReadonlyMap<string, object>, SchemaValidator>();

/**
 * Validates values against the project's data schemas by name (`schema: Order`),
 * compiling each schema once per process, or loading the validator an earlier process compiled
 * (`compileCached`). Ajv is loaded on the first check: a run whose steps check no schema never pays
 * for it.
 */
export function createSchemaValidator(schemas: ReadonlyMap<string, object>): SchemaValidator {
  const known = validators.get(schemas);
  if (known) return known;
  const made = compilingValidator(schemas);
  validators.set(schemas, made);
  return made;
}

function compilingValidator(schemas: ReadonlyMap<string, object>): SchemaValidator {
  const compiled = new Map<string, ValidateFunction>();
  return (name, value) => {
    const schema = schemas.get(name);
    if (!schema)
      return { ok: false, errors: [`no schema named "${name}" (known: ${[...schemas.keys()].join(', ') || 'none'})`] };
    let validate = compiled.get(name);
    if (!validate) {
      // One Ajv per schema, as the file schemas have (see schema-validate.ts): the saved code is per schema.
      validate = compileCached(() => createAjv({ standalone: true }), schema);
      compiled.set(name, validate);
    }
    if (validate(bigintsAsNumbers(value))) return { ok: true, errors: [] };
    return {
      ok: false,
      errors: (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`),
    };
  };
}
