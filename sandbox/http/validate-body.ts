import { createRequire } from 'node:module';
import type { Static, TSchema } from '../../src/core/typebox.js';
import type * as AjvModule from 'ajv';
import type { Ajv, ValidateFunction } from 'ajv';
import { compileCached } from '../../src/core/validator-cache.js';
import { validationError, type FieldError } from './api-error.js';

const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;
// Required at the first body checked, not at start-up: Ajv is a fifth of the modules the sandbox
// loads, and a start (until /health answers) needs none of it. It is CommonJS, so `require`
// gives it synchronously, as validateBody must. Made only when a validator is not saved already
// (`compileCached`), so it keeps the source of what it compiles.
const getAjv = () =>
  (ajv ??= new (require('ajv') as typeof AjvModule).Ajv({
    allErrors: true,
    strict: false,
    useDefaults: true,
    code: { source: true },
  }));
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Checks a request body against a TypeBox schema; 422 with one field error per
 * problem (`lines[1].qty: must be >= 1`) when it does not fit.
 *
 * @example
 * const order = validateBody(CreateOrderSchema, await readJson(req), 'the sales order');
 */
export function validateBody<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
  const validate = validatorOf(schema);
  if (validate(value)) return value as Static<S>;
  const fields: FieldError[] = (validate.errors ?? []).map((error) => {
    const path = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
      .join('')
      .replace(/^\./, '');
    const extra =
      error.keyword === 'additionalProperties'
        ? ` "${String(error.params.additionalProperty)}"`
        : error.keyword === 'required'
          ? ` "${String(error.params.missingProperty)}"`
          : '';
    return { path, message: `${error.message ?? 'is invalid'}${extra}` };
  });
  throw validationError(fields, what);
}

/**
 * Compiles the validator of `schema` now rather than at the first body it checks: the sandbox
 * thread does it while it waits for its first requests (see `prepareProvisioning`).
 */
export function compileValidator(schema: TSchema): void {
  validatorOf(schema);
}

function validatorOf(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // Loaded from the code an earlier process compiled when there is one: compiling the master-data
    // schema alone is most of the CPU a sandbox thread spends before its first tenant is provisioned.
    validate = compileCached(getAjv, schema);
    compiled.set(schema, validate);
  }
  return validate;
}
