/**
 * The spellings a secret value can take on its way into a report, each at least `minLength`
 * characters long, distinct, longest first:
 * - raw;
 * - URL-encoded, both as `encodeURIComponent` writes it (RFC 3986) and as a form body or
 *   `URLSearchParams` does (WHATWG application/x-www-form-urlencoded: space → `+`);
 * - JSON-escaped (the inside of `JSON.stringify(value)`);
 * - HTML-escaped (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&#x27;`);
 * - base64 and base64url (RFC 4648 §4, §5), whole (with and without padding) and, because a
 *   secret inside a larger encoded text (`Basic base64(user:password)`, a JSON document encoded
 *   whole) starts at any byte, the characters that depend on its bytes alone at each of the three
 *   byte alignments.
 *
 * @example
 * secretForms('a b&c', 4) // ['a b&amp;c', 'a%20b%26c', 'YSBiJmM=', 'a+b%26c', 'YSBiJmM', ...]
 */
export function secretForms(value: string, minLength: number): string[] {
  const forms = new Set<string>();
  const add = (form: string) => {
    if (form.length >= minLength) forms.add(form);
  };
  add(value);
  add(encodeURIComponent(value));
  add(new URLSearchParams({ v: value }).toString().slice(2));
  add(JSON.stringify(value).slice(1, -1));
  for (const apostrophe of ['&#39;', '&#x27;'])
    add(
      value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, apostrophe),
    );
  const bytes = Buffer.from(value, 'utf8');
  const whole = bytes.toString('base64');
  add(whole);
  add(whole.replace(/=+$/, ''));
  add(toBase64Url(whole));
  for (let skip = 0; skip < 3; skip++) {
    const part = bytes.subarray(skip);
    const complete = Math.floor(part.length / 3) * 4;
    const encoded = part.toString('base64').slice(0, complete);
    add(encoded);
    add(toBase64Url(encoded));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
