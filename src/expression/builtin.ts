/**
 * What a function accepts: how many arguments, and where a lambda may (or must) go.
 * Checked at load time (`rehearse validate`) and again when the call runs.
 */
export interface Signature {
  /** Fewest arguments. */
  min: number;
  /** Most arguments (`Infinity`: any number). */
  max: number;
  /** The argument (0-based) that may be a lambda, and whether it must be one. */
  lambda?: { at: number; required: boolean };
  /** How to call it, for messages: `filter(list, x => condition)`. */
  usage: string;
}

/** A function callable from expressions. Only these can be called: data is never code. */
export interface Builtin {
  readonly builtin: true;
  readonly name: string;
  /** Arguments and lambdas it takes; without one, any number of values and no lambda. */
  readonly signature?: Signature;
  call(args: unknown[], offset: number): unknown;
}

/**
 * A lambda passed to a collection function (`x => x.qty > 0`): called with the item and its
 * index, it evaluates its body with the parameters bound. It exists only as an argument.
 */
export interface Lambda {
  readonly [LAMBDA]: true;
  /** Offset of the lambda in the expression, for errors raised about its result. */
  readonly offset: number;
  call(item: unknown, index: number): unknown;
}

export function builtin(
  name: string,
  call: (args: unknown[], offset: number) => unknown,
  signature?: Signature,
): Builtin {
  return signature ? { builtin: true, name, signature, call } : { builtin: true, name, call };
}

export function isBuiltin(value: unknown): value is Builtin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { builtin?: unknown }).builtin === true &&
    typeof (value as Builtin).call === 'function'
  );
}

/** Marks a lambda; a symbol, so no data read from a body can pass for one. */
export const LAMBDA: unique symbol = Symbol('rehearse.lambda');

export function isLambda(value: unknown): value is Lambda {
  return typeof value === 'object' && value !== null && (value as { [LAMBDA]?: unknown })[LAMBDA] === true;
}

/** A namespace of builtins such as `fake` or `date`. */
export type Namespace = Readonly<Record<string, Builtin>>;
