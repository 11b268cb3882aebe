/**
 * Reads a response body to the end as UTF-8 text (a BOM dropped, as undici's
 * `text()` does), counting bytes in `progress` as they arrive, so that a body
 * cut short can be reported as "the connection closed after N bytes".
 *
 * @example
 * const progress = { bytes: 0 };
 * const text = await readBodyText(response.body, progress);
 */
export async function readBodyText(body: AsyncIterable<Uint8Array>, progress: { bytes: number }): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    chunks.push(chunk);
    progress.bytes += chunk.byteLength;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
