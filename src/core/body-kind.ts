/**
 * What a body that did not parse as JSON is, in words a failed step can
 * show: an HTML page (a proxy's 502), truncated or invalid JSON (and where it
 * ends or breaks), a compressed or binary body, XML or plain text — with its
 * first characters, escaped so control bytes stay visible.
 */
export interface BodyDescription {
  kind: 'empty' | 'html' | 'xml' | 'truncated-json' | 'invalid-json' | 'compressed' | 'binary' | 'text';
  /** "the body is HTML (text/html), not JSON; it starts: \"<!DOCTYPE html>…\"" */
  summary: string;
}

/** Response headers that help tell (names lower-cased). */
export interface BodyHeaders {
  'content-type'?: string;
  'content-encoding'?: string;
}

const EXCERPT_CHARS = 120;

/**
 * Describes a body text that is not JSON. `what` names it in the summary
 * (`the body`, `the result`, a variable's name).
 *
 * @example
 * describeBody('<html><title>502 Bad Gateway</title></html>', { 'content-type': 'text/html' }).summary
 * // 'the body is HTML (text/html), not JSON; it starts: "<html><title>502 Bad Gateway</title></html>"'
 * describeBody('{"id":12,"name":"Wid').summary
 * // 'the body is truncated JSON: it ends after 20 bytes, inside a string (1 bracket still open); its end: "{\"id\":12,\"name\":\"Wid"'
 */
export function describeBody(text: string, headers: BodyHeaders = {}, what = 'the body'): BodyDescription {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  const typeNote = type ? ` (${type})` : '';
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const bytes = Buffer.byteLength(text);

  if (text.length === 0) return { kind: 'empty', summary: `${what} is empty${typeNote}, not JSON` };
  if ((encoding && encoding !== 'identity') || text.startsWith('\u001f\uFFFD')) {
    const how =
      encoding && encoding !== 'identity'
        ? `${encoding}-compressed (Content-Encoding: ${encoding})`
        : 'gzip-compressed';
    return {
      kind: 'compressed',
      summary: `${what} is ${how} and was not decoded, so it is not JSON (${bytes} bytes); it starts: ${excerpt(text)}`,
    };
  }
  if (looksBinary(text))
    return {
      kind: 'binary',
      summary: `${what} is binary${typeNote}, not JSON (${bytes} bytes); it starts: ${excerpt(text)}`,
    };
  if (type.includes('html') || /^<(!doctype html|html|head|body)\b/i.test(trimmed))
    return {
      kind: 'html',
      summary: `${what} is HTML${typeNote || ' (text/html)'}, not JSON; it starts: ${excerpt(trimmed)}`,
    };
  if (type.endsWith('xml') || type.includes('xml') || /^<\?xml\b/i.test(trimmed))
    return { kind: 'xml', summary: `${what} is XML${typeNote}, not JSON; it starts: ${excerpt(trimmed)}` };
  if (type.includes('json') || /^[[{]/.test(trimmed)) {
    const broken = jsonBreak(text);
    if (broken.truncated)
      return {
        kind: 'truncated-json',
        summary: `${what} is truncated JSON${typeNote}: it ends after ${bytes} bytes, ${broken.where}; its end: ${tail(text)}`,
      };
    return {
      kind: 'invalid-json',
      summary: `${what} is not valid JSON${typeNote}: ${broken.where}; it starts: ${excerpt(trimmed)}`,
    };
  }
  return { kind: 'text', summary: `${what} is text${typeNote}, not JSON; it starts: ${excerpt(trimmed)}` };
}

function excerpt(text: string): string {
  return text.length > EXCERPT_CHARS ? `${JSON.stringify(text.slice(0, EXCERPT_CHARS))}…` : JSON.stringify(text);
}

function tail(text: string): string {
  return text.length > EXCERPT_CHARS ? `…${JSON.stringify(text.slice(-EXCERPT_CHARS))}` : JSON.stringify(text);
}

/**
 * Whether a decoded body is binary rather than text: a NUL, or many replacement characters
 * (bytes not valid in its charset) and control characters, in its first KiB.
 *
 * @example
 * looksBinary('%PDF-1.7\n\u0000\u0000') // true
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 1024);
  if (head.includes('\u0000')) return true;
  let odd = 0;
  for (const ch of head) {
    const code = ch.codePointAt(0)!;
    // Control characters other than tab, line feed, form feed, carriage return and escape.
    if (ch === '\uFFFD' || (code < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(code))) odd++;
  }
  return odd > Math.max(2, head.length / 20);
}

/**
 * Where a JSON text that `JSON.parse` refused goes wrong: it may be a good
 * prefix that ends too soon (truncated: say what is still open), or break
 * somewhere (say where, by line and column). A small scan of RFC 8259's
 * structure, not a parser: it tracks strings and brackets only.
 */
function jsonBreak(text: string): { truncated: boolean; where: string } {
  try {
    JSON.parse(text);
    return { truncated: false, where: 'it parses' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const stack: string[] = [];
    let inString = false;
    let escaped = false;
    for (const ch of text) {
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') stack.push(ch);
      else if (ch === '}' || ch === ']') stack.pop();
    }
    const position = /position (\d+)/.exec(message)?.[1];
    const atEnd =
      /end of JSON input|Unterminated string/i.test(message) ||
      (position !== undefined && Number(position) >= text.trimEnd().length);
    if (atEnd && (inString || stack.length > 0)) {
      const open = `${stack.length} bracket${stack.length === 1 ? '' : 's'} still open`;
      return { truncated: true, where: inString ? `inside a string (${open})` : `with ${open}` };
    }
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = before.split('\n').length;
      const column = Number(position) - before.lastIndexOf('\n');
      return {
        truncated: false,
        where: `${message.replace(/( in JSON)? at position \d+.*$/, '')} at line ${line}, column ${column}`,
      };
    }
    return { truncated: false, where: message };
  }
}
