import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import { validationError, type FieldError } from './api-error.js';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Checks a request body against a TypeBox schema; 422 with one field error per
 * problem (`lines[1].qty: must be >= 1`) when it does not fit.
 *
 * @example
 * const order = validateBody(CreateOrderSchema, await readJson(req), 'the sales order');
 */
export function validateBody<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
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
