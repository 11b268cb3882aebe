/**
 * A response's headers as a scenario reads them (`headers.<name>`, names lower-cased): a header
 * sent once is a string; a header sent more than once is a list of its values in the order they
 * came, each readable on its own (`headers.x-rate-limit[1]`, `length`); `set-cookie` is always a
 * list, even of one cookie, because its values cannot be joined without losing their borders
 * (an `Expires` date holds a comma; RFC 6265 §3 forbids folding it). Playwright's
 * `APIResponse.headersArray()` keeps every value the same way.
 *
 * @example
 * headerFields({ 'set-cookie': ['a=1; Path=/', 'b=2; Secure'], vary: 'Accept' })
 * // { 'set-cookie': ['a=1; Path=/', 'b=2; Secure'], vary: 'Accept' }
 */
export function headerFields(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  // Own names only (Object.keys, not for…in): a caller's object may inherit enumerable properties.
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const earlier = Object.hasOwn(out, key) ? out[key] : undefined;
    // The common case — a header sent once, under one spelling of its name — builds no list.
    if (earlier === undefined && typeof value === 'string') {
      setOwn(out, key, key === 'set-cookie' ? [value] : value);
      continue;
    }
    const values = [
      ...(Array.isArray(earlier) ? earlier : earlier !== undefined ? [earlier] : []),
      ...(Array.isArray(value) ? value : [value]),
    ];
    setOwn(out, key, values.length === 1 && key !== 'set-cookie' ? values[0]! : values);
  }
  return out;
}

/** `target[key] = value`, as an own property even for `__proto__` (a header a target may send). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * The same headers with each repeated header's values joined by `, ` (RFC 9110 §5.3), for the
 * parts of Rehearse that read one value per name (the record of the exchange, body checks).
 */
export function joinedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headerFields(headers)))
    setOwn(out, name, Array.isArray(value) ? value.join(', ') : value);
  return out;
}
