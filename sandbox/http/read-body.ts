import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';

const LIMIT = 2 * 1024 * 1024;

/**
 * Reads a request body as text, refusing more than 2 MB with a 413.
 *
 * @example
 * const text = await readText(req);
 */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > LIMIT)
      throw new ApiError(
        413,
        'PAYLOAD_TOO_LARGE',
        `Failed to read the request body: it is larger than ${LIMIT} bytes.`,
      );
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON body (an empty body is `{}`); malformed JSON is a 400.
 *
 * @example
 * const body = await readJson(req);
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, 'INVALID_JSON', `Failed to parse the request body as JSON: ${(error as Error).message}.`);
  }
}

/**
 * Reads a form (`application/x-www-form-urlencoded`) or JSON body into a flat
 * record of strings — what OAuth token requests and HTML forms send.
 *
 * @example
 * const form = await readForm(req); // { grant_type: 'client_credentials', ... }
 */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    const body = await readJson(req);
    const params = new URLSearchParams();
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [key, value] of Object.entries(body)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          params.append(key, String(value));
      }
    }
    return params;
  }
  return new URLSearchParams(await readText(req));
}
