/**
 * The values of sensitive members in a JSON text that does not parse (cut short, a trailing
 * comma, a proxy's mangling): `"password": "hunter2"` anywhere in it, a string value cut by the
 * end of the text included, and numbers. The text is scanned for `"name": value` pairs, not
 * parsed; `isSensitive` judges each name (the redactor's `isSensitiveField`). A body that does
 * not parse is still shown in failures (its start or end) and records, so what it holds under a
 * sensitive name must be registered as a secret like a parsed body's would be.
 *
 * @example
 * sensitiveValuesInJsonText('{"id":1,"token":"abc123de', (n) => n === 'token') // ['abc123de']
 */
export function sensitiveValuesInJsonText(text: string, isSensitive: (name: string) => boolean): string[] {
  const found: string[] = [];
  // One pass, linear: a quoted name, a colon, then a (possibly unterminated) string or a number.
  const pair = /"((?:[^"\\]|\\.)*)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"?|(-?\d[\d.eE+-]*))/g;
  for (const match of text.matchAll(pair)) {
    const name = unescape(match[1]!);
    if (!isSensitive(name)) continue;
    const value = match[2] !== undefined ? unescape(match[2]) : match[3];
    if (value) found.push(value);
  }
  return found;
}

function unescape(inside: string): string {
  try {
    return JSON.parse(`"${inside}"`) as string;
  } catch {
    return inside;
  }
}
