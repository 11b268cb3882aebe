/**
 * The value as `JSON.parse` would have read it: every `bigint` (an integer beyond 2^53 read
 * exactly by `parseJsonBody`) becomes the nearest `number`. For readers that only know numbers:
 * a JSON Schema validator (Ajv's `type: integer` check is `typeof x == "number"`, so an exact big
 * id would fail "must be integer"; a schema cannot hold more digits than a double anyway, so the
 * nearest double is what `minimum`, `maximum` and `multipleOf` compare with), and a virtual
 * partner's handler (`request.json()` keeps `Request.json()`'s meaning). The value is copied only
 * where it holds a bigint; anything else is returned as it is.
 *
 * @example
 * bigintsAsNumbers({ id: 9007199254740993n, qty: 2 }) // { id: 9007199254740992, qty: 2 }
 */
export function bigintsAsNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const read = bigintsAsNumbers(item);
      if (read !== item) (copy ??= [...value])[i] = read;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const read = bigintsAsNumbers(item);
    if (read !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = read;
  }
  return copy ?? value;
}
