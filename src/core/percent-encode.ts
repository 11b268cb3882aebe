/**
 * Percent-encodes text as one piece of data in a URL: every character but the unreserved ones of
 * RFC 3986 §2.3 (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` of its UTF-8 bytes, upper-case hex — the rule
 * of RFC 6570 §3.2.2 (simple string expansion) for a value put into a URI template. So a value is
 * one path segment (`/` `?` `#` `%` encoded) or one query key or value (`&` `=` `+` `#` encoded),
 * whatever it holds. A lone UTF-16 surrogate (not text) is sent as U+FFFD.
 *
 * @example
 * percentEncode('Smith & Sons') // 'Smith%20%26%20Sons'
 * percentEncode('PO/2026/17')   // 'PO%2F2026%2F17'
 * percentEncode('Zürich')       // 'Z%C3%BCrich'
 */
export function percentEncode(text: string): string {
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  // encodeURIComponent leaves !'()* as they are; RFC 3986 counts them reserved (sub-delims).
  return encodeURIComponent(wellFormed).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
