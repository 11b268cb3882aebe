import { humanSpan } from './expiry-margin.js';
import { jwtLifetime, tokensIn } from './jwt-expiry.js';
import { failed, passed, skipped, type CheckOutcome } from './results.js';

export interface TokenExpiryInput {
  /** The headers the tenant's auth provider added (what `authHeaders()` gave). */
  headers: Readonly<Record<string, string>>;
  /**
   * `configured`: a token written in the tenant's secrets (bearer, API key) that nothing renews —
   * it must outlive the margin. `issued`: a token the target handed out just now (OAuth2, login)
   * that the run renews — it must only not be expired already.
   */
  origin: 'configured' | 'issued';
  /** ms since the epoch (UTC). */
  now: number;
  /** `preflight.expiryMargin` in ms. */
  marginMs: number;
  /** The margin as written, for messages. */
  marginText: string;
}

/**
 * The token expiry check: every JWT among the auth headers (`exp`, RFC 7519 §4.1.4) must be in
 * the future, and a configured one at least `marginMs` away. An opaque token has no readable
 * expiry (skipped: the read call proves it). Codes: `REHEARSE_PREFLIGHT_TOKEN_EXPIRED`,
 * `REHEARSE_PREFLIGHT_TOKEN_EXPIRING`.
 *
 * @example
 * checkTokenExpiry({ headers: { authorization: 'Bearer eyJ…' }, origin: 'configured', now: Date.now(), marginMs: 604_800_000, marginText: '7d' })
 */
export function checkTokenExpiry(input: TokenExpiryInput): CheckOutcome {
  const lifetimes = tokensIn(input.headers)
    .map((token) => jwtLifetime(token))
    .filter((l) => l !== undefined);
  if (lifetimes.length === 0)
    return skipped('token expiry', 'the token is not a JWT: no expiry to read (the read call proves it)');
  const dated = lifetimes.filter((l) => l.expiresAt !== undefined).map((l) => l.expiresAt!);
  if (dated.length === 0) return passed('token expiry', 'the JWT has no exp claim: it does not expire');
  const expiresAt = Math.min(...dated);
  const at = new Date(expiresAt).toISOString();
  const left = expiresAt - input.now;
  const what = input.origin === 'configured' ? 'the configured token' : 'the token the target issued';
  if (left <= 0)
    return failed(
      'token expiry',
      'REHEARSE_PREFLIGHT_TOKEN_EXPIRED',
      `${what} expired ${humanSpan(left)} ago (exp ${at})`,
      input.origin === 'configured'
        ? 'Issue a new token and update the secret the tenant’s auth references.'
        : 'The issuer hands out tokens that are already expired: check its clock and the token lifetime it is configured with.',
    );
  if (input.origin === 'configured' && left < input.marginMs)
    return failed(
      'token expiry',
      'REHEARSE_PREFLIGHT_TOKEN_EXPIRING',
      `the configured token expires in ${humanSpan(left)} (exp ${at}), within the margin of ${input.marginText}`,
      'Rotate it now, before the pipeline starts failing, and update the secret the tenant’s auth references (preflight.expiryMargin sets the margin).',
    );
  return passed('token expiry', `${what} is valid until ${at}`);
}
