import { stringifyJson } from '../../core/stringify-json.js';

/**
 * A response as plain data: what partner resolvers return through the
 * `reply` helpers. Serving one costs a `JSON.stringify`; a Fetch `Response`
 * (msw's `HttpResponse` included) is accepted too but must be read back
 * through streams, which costs ~40 µs per request.
 *
 * @example
 * reply.json({ rates }, { status: 200, headers: { 'x-request-id': id } })
 * reply.error(404, 'not_found', 'Unknown tracking number 1Z...')
 */
export class PartnerReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;

  constructor(status: number, headers: Record<string, string>, body: string | Buffer) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

export interface ReplyInit {
  status?: number;
  headers?: Record<string, string>;
}

/** Builders for `PartnerReply`, given to every partner's setup as `reply`. */
export interface ReplyHelpers {
  /** JSON body (`content-type: application/json`), status 200 unless given. */
  json(body: unknown, init?: ReplyInit): PartnerReply;
  /** Text body (`content-type: text/plain` unless a content type is given). */
  text(body: string, init?: ReplyInit): PartnerReply;
  /** No body. */
  empty(status: number, init?: Omit<ReplyInit, 'status'>): PartnerReply;
  /** The partners' error shape: `{ "error": { "code", "message" } }`. */
  error(status: number, code: string, message: string, init?: Omit<ReplyInit, 'status'>): PartnerReply;
}

const lower = (headers: Record<string, string> | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  if (headers) for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
};

/** @see ReplyHelpers */
export const reply: ReplyHelpers = {
  json(body, init = {}) {
    const headers = lower(init.headers);
    headers['content-type'] ??= 'application/json';
    return new PartnerReply(init.status ?? 200, headers, stringifyJson(body) ?? '');
  },
  text(body, init = {}) {
    const headers = lower(init.headers);
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return new PartnerReply(init.status ?? 200, headers, body);
  },
  empty(status, init = {}) {
    return new PartnerReply(status, lower(init.headers), '');
  },
  error(status, code, message, init = {}) {
    return reply.json({ error: { code, message } }, { ...init, status });
  },
};
