// Searches every byte of files and folders for secret values, in every spelling a report can
// give them. A port of ../shared/tools/scan-secrets.mjs (the scanner) as a module:
// - each secret is searched raw, URL-encoded (encodeURIComponent and form encoding),
//   JSON-escaped, HTML-escaped (also `'` as `&#39;` / `&#x27;`), and base64 / base64url at all three byte alignments (so it is
//   found inside a larger encoded text such as `Basic base64(user:pass)` or a JSON report's
//   base64 attachment body);
// - zip files (by signature: Playwright traces, nested archives) are unpacked, recursively;
// - a Playwright HTML report's embedded `data:application/zip;base64,...` archive is decoded
//   and unpacked.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface Finding {
  view: string;
  secret: string;
  encoding: string;
  context: string;
}

export interface ScanResult {
  /** Every file, zip entry and embedded archive searched, with its size. */
  scanned: string[];
  findings: Finding[];
}

/** The spellings searched for a value (at least 6 characters each, as the scanner does). */
export function secretVariants(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (encoding: string, text: string) => {
    if (text.length >= 6 && ![...out.values()].includes(text)) out.set(encoding, text);
  };
  add('raw', value);
  add('url-encoded', encodeURIComponent(value));
  add('form-encoded', new URLSearchParams({ x: value }).toString().slice(2));
  add('json-escaped', JSON.stringify(value).slice(1, -1));
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  add('html-escaped', html);
  // Apostrophes as HTML serializers write them (the scanner leaves them raw).
  add('html-escaped (&#39;)', html.replace(/'/g, '&#39;'));
  add('html-escaped (&#x27;)', html.replace(/'/g, '&#x27;'));
  const bytes = Buffer.from(value, 'utf8');
  for (let j = 0; j < 3; j++) {
    const part = bytes.subarray(j);
    const full = Math.floor(part.length / 3) * 4;
    const b64 = part.toString('base64').slice(0, full);
    add(`base64(align ${j})`, b64);
    add(`base64url(align ${j})`, b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Scans files and folders (recursively) for the secrets, `{ label: value }`. */
export function scanPaths(secrets: Record<string, string>, roots: readonly string[]): ScanResult {
  const scanner = new Scanner(secrets);
  for (const root of roots) scanner.walk(root);
  return scanner.result;
}

/** Scans one buffer (a console output kept in memory) under a view name. */
export function scanBuffer(secrets: Record<string, string>, view: string, buffer: Buffer): ScanResult {
  const scanner = new Scanner(secrets);
  scanner.scan(view, buffer);
  return scanner.result;
}

class Scanner {
  readonly result: ScanResult = { scanned: [], findings: [] };
  private readonly needles: Array<{ label: string; variants: Map<string, string> }>;

  constructor(secrets: Record<string, string>) {
    this.needles = Object.entries(secrets).map(([label, value]) => ({ label, variants: secretVariants(value) }));
  }

  walk(path: string): void {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) this.walk(join(path, name));
    else if (stat.isFile()) this.scan(path, readFileSync(path));
  }

  scan(view: string, buffer: Buffer, depth = 0): void {
    this.result.scanned.push(`${view} (${buffer.length} bytes)`);
    const latin1 = buffer.toString('latin1'); // byte-exact for ASCII needles; utf8 for the rest
    const utf8 = buffer.toString('utf8');
    for (const needle of this.needles) {
      for (const [encoding, variant] of needle.variants) {
        const haystack = /^[\x20-\x7e]*$/.test(variant) ? latin1 : utf8;
        let from = 0;
        for (let hits = 0; hits < 50; hits++) {
          const at = haystack.indexOf(variant, from);
          if (at < 0) break;
          const context = haystack.slice(Math.max(0, at - 90), at + variant.length + 90).replace(/[^\x20-\x7e]/g, '.');
          this.result.findings.push({ view, secret: needle.label, encoding, context });
          from = at + variant.length;
        }
      }
    }
    if (depth > 4) return;
    if (buffer.length > 4 && buffer.readUInt32LE(0) === 0x04034b50)
      for (const entry of readZip(buffer)) this.scan(`${view}!${entry.name}`, entry.data, depth + 1);
    const marker = 'data:application/zip;base64,';
    let from = 0;
    for (let n = 0; n < 20; n++) {
      const at = latin1.indexOf(marker, from);
      if (at < 0) break;
      const start = at + marker.length;
      let end = start;
      while (end < latin1.length && /[A-Za-z0-9+/=]/.test(latin1[end]!)) end++;
      this.scan(`${view}!embedded-zip@${at}`, Buffer.from(latin1.slice(start, end), 'base64'), depth + 1);
      from = end;
    }
  }
}

/** The entries of a zip archive (stored or deflated), read through its central directory. */
function readZip(buffer: Buffer): Array<{ name: string; data: Buffer }> {
  const entries: Array<{ name: string; data: Buffer }> = [];
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return entries;
  const count = buffer.readUInt16LE(eocd + 10);
  let p = buffer.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && p + 46 <= buffer.length; n++) {
    if (buffer.readUInt32LE(p) !== 0x02014b50) break;
    const method = buffer.readUInt16LE(p + 10);
    const compressed = buffer.readUInt32LE(p + 20);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    const local = buffer.readUInt32LE(p + 42);
    const name = buffer.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + compressed);
    try {
      entries.push({ name, data: method === 0 ? data : method === 8 ? inflateRawSync(data) : Buffer.alloc(0) });
    } catch (error) {
      entries.push({ name: `${name} (could not inflate: ${(error as Error).message})`, data: Buffer.alloc(0) });
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
