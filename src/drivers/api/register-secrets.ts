import type { Redactor } from '../../core/redactor.js';
import { sensitiveValuesInJsonText } from '../../core/sensitive-values-in-json-text.js';

/**
 * Registers, before the request is recorded, every secret a request carries: URL user-info and
 * sensitive query values, the values of sensitive headers (with the credential of an
 * `Authorization`-style header on its own, and for `Basic` the decoded `user:password` and the
 * password), each cookie of a `Cookie` header, and sensitive fields of a JSON or form body.
 *
 * @example
 * registerRequestSecrets(redactor, { url, headers: { authorization: 'Bearer abc…' }, body: '{"password":"…"}' })
 */
export function registerRequestSecrets(
  redactor: Redactor,
  request: { url: URL; headers: Record<string, string>; body?: string | undefined; contentType?: string | undefined },
): void {
  // A URL without user-info or a query has nothing to learn; reading it would make its searchParams.
  const { url } = request;
  if (url.username !== '' || url.password !== '' || url.search !== '') redactor.learnUrl(url);
  // Own names, one by one: Object.entries would build a pair for each header of every request.
  for (const name of Object.keys(request.headers)) {
    const value = request.headers[name]!;
    const lower = name.toLowerCase();
    if (lower === 'cookie') registerCookies(redactor, value.split(';'));
    else if (redactor.isSensitiveHeader(lower)) registerCredential(redactor, value);
  }
  if (request.body) registerBody(redactor, request.body, request.contentType);
}

/**
 * Registers what a response reveals, before it is recorded: the values of sensitive headers,
 * each `Set-Cookie` value, and the values of sensitive fields anywhere in a JSON body — also in
 * a body that looks like JSON but does not parse (`text`: truncated, malformed), whose start or
 * end a failed check quotes.
 */
export function registerResponseSecrets(
  redactor: Redactor,
  response: { headers: Record<string, string | string[] | undefined>; json: unknown; text?: string },
): void {
  for (const name of Object.keys(response.headers)) {
    const value = response.headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'set-cookie')
      registerCookies(
        redactor,
        (Array.isArray(value) ? value : [value]).map((v) => v.split(';')[0] ?? ''),
      );
    else if (!redactor.isSensitiveHeader(lower)) continue;
    else if (Array.isArray(value)) for (const v of value) registerCredential(redactor, v);
    else registerCredential(redactor, value);
  }
  if (response.json !== undefined) redactor.learnFrom(response.json);
  else if (response.text && /^\s*[[{]/.test(response.text))
    for (const value of sensitiveValuesInJsonText(response.text, (name) => redactor.isSensitiveField(name)))
      redactor.addSecret(value);
}

/** What an auth provider put on a request: its header and query names carry credentials from now on. */
export function registerAuthSecrets(
  redactor: Redactor,
  applied: { headers: Record<string, string>; query?: Record<string, string> },
): void {
  for (const [name, value] of Object.entries(applied.headers)) {
    redactor.addSecretName(name);
    registerCredential(redactor, value);
  }
  for (const [name, value] of Object.entries(applied.query ?? {})) {
    redactor.addSecretName(name);
    redactor.addSecret(value);
  }
}

function registerCookies(redactor: Redactor, pairs: readonly string[]): void {
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const value = pair.slice(eq + 1).trim();
    redactor.addSecret(value);
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) redactor.addSecret(value.slice(1, -1));
  }
}

/** `Bearer abc` → `Bearer abc` and `abc`; `Basic dXNlcjpwdw==` → also `user:pw` and `pw` (a user name alone is not a secret). */
function registerCredential(redactor: Redactor, value: string): void {
  redactor.addSecret(value);
  const scheme = /^([A-Za-z][\w-]*)\s+(\S.*)$/.exec(value.trim());
  if (!scheme) return;
  const credential = scheme[2]!;
  redactor.addSecret(credential);
  if (scheme[1]!.toLowerCase() !== 'basic') return;
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Not base64 of text (a token that merely follows `Basic`): nothing more to register.
  if (colon < 0 || decoded.includes('\ufffd') || [...decoded].some((c) => c.charCodeAt(0) < 0x20)) return;
  redactor.addSecret(decoded);
  redactor.addSecret(decoded.slice(colon + 1));
}

function registerBody(redactor: Redactor, body: string, contentType: string | undefined): void {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body))
      if (redactor.isSensitiveField(name)) redactor.addSecret(value);
    return;
  }
  if (!type.includes('json') && !/^\s*[[{]/.test(body)) return;
  try {
    redactor.learnFrom(JSON.parse(body) as unknown);
  } catch {
    /* not JSON: nothing to learn by name */
  }
}
