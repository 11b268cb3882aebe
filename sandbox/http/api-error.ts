/** One field-level problem in a request body: `{ path: "lines[1].qty", message }`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * An error the API answers with `{ error: { code, message, fields? } }` and
 * `status`. Thrown by handlers and domain code; the server turns it into a
 * response (anything else becomes a 500 INTERNAL).
 *
 * @example
 * throw new ApiError(409, 'ILLEGAL_TRANSITION', 'Failed to allocate order SO-000001: it is cancelled.');
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: number,
    code: string,
    message: string,
    options: { fields?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers;
  }

  toBody(): { error: { code: string; message: string; fields?: FieldError[] } } {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const notFound = (what: string): ApiError =>
  new ApiError(404, 'NOT_FOUND', `Failed to find ${what}: it does not exist.`);

export function validationError(fields: FieldError[], what = 'the request'): ApiError {
  const first = fields[0];
  const detail = first ? `${first.path || 'body'}: ${first.message}` : 'invalid';
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return new ApiError(422, 'VALIDATION_FAILED', `Failed to accept ${what}: ${detail}${more}.`, { fields });
}

export const illegalTransition = (message: string): ApiError => new ApiError(409, 'ILLEGAL_TRANSITION', message);
