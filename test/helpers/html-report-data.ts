import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/**
 * The JSON files Playwright's HTML reporter packs into its index.html (a
 * base64 zip in `<script id="playwrightReportBase64">`), name → text. Reads
 * the zip's central directory (PKWARE APPNOTE 4.3.12), stored or deflated.
 */
export function htmlReportData(indexHtml: string): Map<string, string> {
  const html = readFileSync(indexHtml, 'utf8');
  const match = /playwrightReportBase64">data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html);
  if (!match) throw new Error(`${indexHtml} holds no report data`);
  const zip = Buffer.from(match[1]!, 'base64');
  const files = new Map<string, string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('report data is not a zip');
  let offset = zip.readUInt32LE(end + 16);
  const count = zip.readUInt16LE(end + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const size = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + size);
    files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
