/** What a JWT says of its own lifetime. */
export interface JwtLifetime {
  /** `exp` in ms since the epoch (UTC), when the token has one. */
  expiresAt?: number;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Reads the `exp` claim of a JWT (RFC 7519 §4.1.4: a NumericDate, seconds since the epoch UTC)
 * without verifying its signature — the preflight only asks when the target will stop accepting
 * it, and the target verifies it anyway. Returns undefined when `token` is not a JWS compact
 * serialisation (three base64url segments, RFC 7515 §7.1) whose header and payload are JSON
 * objects: opaque tokens are proven by the read call instead.
 *
 * @example
 * jwtLifetime('eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln') // { expiresAt: 1700000000000 }
 */
export function jwtLifetime(token: string): JwtLifetime | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !SEGMENT.test(parts[0]!) || !SEGMENT.test(parts[1]!)) return undefined;
  const header = jsonObject(parts[0]!);
  const payload = jsonObject(parts[1]!);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  const exp = payload.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? { expiresAt: exp * 1000 } : {};
}

function jsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tokens an auth provider's headers carry: an `Authorization` value without its scheme
 * (`Bearer`, `Token`), a cookie's value, any other header's value (an API key), whole.
 *
 * @example
 * tokensIn({ authorization: 'Bearer abc' }) // ['abc']
 */
export function tokensIn(headers: Readonly<Record<string, string>>): string[] {
  const tokens: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') tokens.push(value.replace(/^\s*[A-Za-z]+\s+/, '').trim());
    else if (lower === 'cookie')
      for (const pair of value.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) tokens.push(pair.slice(eq + 1).trim());
      }
    else tokens.push(value.trim());
  }
  return tokens.filter(Boolean);
}
