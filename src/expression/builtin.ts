/** A function callable from expressions. Only these can be called: data is never code. */
export interface Builtin {
  readonly builtin: true;
  readonly name: string;
  call(args: unknown[], offset: number): unknown;
}

export function builtin(name: string, call: (args: unknown[], offset: number) => unknown): Builtin {
  return { builtin: true, name, call };
}

export function isBuiltin(value: unknown): value is Builtin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { builtin?: unknown }).builtin === true &&
    typeof (value as Builtin).call === 'function'
  );
}

/** A namespace of builtins such as `fake` or `date`. */
export type Namespace = Readonly<Record<string, Builtin>>;
