/** A problem in a `{{ }}` expression: where (offset in the expression text) and how to fix it. */
export class ExpressionError extends Error {
  readonly code: string;
  readonly offset: number | undefined;
  readonly hint: string | undefined;
  constructor(code: string, message: string, options: { offset?: number; hint?: string } = {}) {
    super(message);
    this.name = 'ExpressionError';
    this.code = code;
    this.offset = options.offset;
    this.hint = options.hint;
  }
}

export const syntaxError = (message: string, offset: number, hint?: string) =>
  new ExpressionError('REHEARSE_EXPR_SYNTAX', message, hint === undefined ? { offset } : { offset, hint });
