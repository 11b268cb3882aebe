import { bigintsAsNumbers } from '../core/bigints-as-numbers.js';
import { createAjv } from '../core/schema-validate.js';
import type { ValidateFunction } from 'ajv';

/**
 * Validates values against the project's data schemas by name (`schema: Order`),
 * compiling each schema once.
 */
export function createSchemaValidator(
  schemas: ReadonlyMap<string, object>,
): (name: string, value: unknown) => { ok: boolean; errors: string[] } {
  const ajv = createAjv();
  const compiled = new Map<string, ValidateFunction>();
  return (name, value) => {
    const schema = schemas.get(name);
    if (!schema)
      return { ok: false, errors: [`no schema named "${name}" (known: ${[...schemas.keys()].join(', ') || 'none'})`] };
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(name, validate);
    }
    if (validate(bigintsAsNumbers(value))) return { ok: true, errors: [] };
    return {
      ok: false,
      errors: (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`),
    };
  };
}
