import { REDACTED } from './secret-registry.js';

/** What `learnUrl` and `redactUrl` need of a redactor. */
export interface UrlSecretSink {
  addSecret(value: string): void;
  isSensitiveField(name: string): boolean;
  redactText(text: string): string;
}

/**
 * Registers the secrets a URL carries: its user-info (the password and `user:password`, or the user
 * when it stands alone as a token; decoded, as RFC 3986 §3.2.1 has them percent-encoded) and the values of query parameters with a
 * sensitive name (`X-Amz-Signature`, `sig`, `access_token`, …). Relative URLs (`/a?sig=…`) count too.
 *
 * @example
 * learnUrl('https://qa:pa%24%24word@host/x?sig=abc123def', redactor) // registers pa$$word, qa:pa$$word and abc123def
 */
export function learnUrl(url: URL | string, sink: UrlSecretSink): void {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url.trim(), 'http://relative.invalid/') : url;
  } catch {
    return;
  }
  const user = decode(parsed.username);
  const password = decode(parsed.password);
  // A user alone is a secret when it is the whole credential (`https://<token>@host`).
  if (user && !password) sink.addSecret(user);
  if (password) sink.addSecret(password);
  if (user && password) sink.addSecret(`${user}:${password}`);
  for (const [name, value] of parsed.searchParams) if (value && sink.isSensitiveField(name)) sink.addSecret(value);
}

/**
 * A URL as the record shows it: sensitive query values replaced by `[REDACTED]` by name (the
 * rest of the query kept as written), user-info and registered secrets masked by `redactText`.
 * Works on absolute and relative URLs and on text that ends with one (`GET /a?sig=…`).
 *
 * @example
 * redactUrl('https://u:p@host/a?sig=x&page=2', redactor) // 'https://[REDACTED]@host/a?sig=[REDACTED]&page=2'
 */
export function redactUrl(url: URL | string, sink: UrlSecretSink): string {
  const text = typeof url === 'string' ? url : url.toString();
  const start = text.indexOf('?');
  if (start < 0) return sink.redactText(text);
  const hash = text.indexOf('#', start);
  const end = hash < 0 ? text.length : hash;
  const query = text
    .slice(start + 1, end)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq <= 0 || eq === part.length - 1) return part;
      return sink.isSensitiveField(decode(part.slice(0, eq).replace(/\+/g, ' ')))
        ? `${part.slice(0, eq)}=${REDACTED}`
        : part;
    })
    .join('&');
  return sink.redactText(`${text.slice(0, start + 1)}${query}${text.slice(end)}`);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
