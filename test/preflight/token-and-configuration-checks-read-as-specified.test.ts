// Units of the tenant preflight: a JWT's exp read as RFC 7519 says (seconds, UTC; not a JWT:
// no verdict), configured tokens held to the margin and issued ones only to "not expired", days in
// a margin, and a configuration compared by JSON type and value, every difference listed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkConfiguration } from '../../src/preflight/check-configuration.js';
import { checkTokenExpiry } from '../../src/preflight/check-token-expiry.js';
import { expiryMarginMs, humanSpan } from '../../src/preflight/expiry-margin.js';
import { jwtLifetime, tokensIn } from '../../src/preflight/jwt-expiry.js';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: object) => `${part({ alg: 'RS256' })}.${part(payload)}.c2ln`;
const WEEK = 7 * 86_400_000;

test('exp is seconds since the epoch (UTC); a token that is no JWT, or whose header has no alg, gives no verdict', () => {
  assert.deepEqual(jwtLifetime(jwt({ exp: 1_800_000_000 })), { expiresAt: 1_800_000_000_000 });
  assert.deepEqual(jwtLifetime(jwt({ sub: 'x' })), {});
  assert.equal(jwtLifetime('at_opaque-token'), undefined);
  assert.equal(jwtLifetime(`${part({ typ: 'JWT' })}.${part({ exp: 1 })}.c2ln`), undefined);
  assert.equal(jwtLifetime('a.b.c'), undefined);
  assert.deepEqual(tokensIn({ authorization: 'Bearer abc', cookie: 's=1; t=2', 'x-api-key': 'k' }), [
    'abc',
    '1',
    '2',
    'k',
  ]);
});

test('a configured token must outlive the margin; an issued one only must not be expired', () => {
  const inTwoDays = { authorization: `Bearer ${jwt({ exp: (NOW + 2 * 86_400_000) / 1000 })}` };
  const base = { now: NOW, marginMs: WEEK, marginText: '7d' };
  const configured = checkTokenExpiry({ ...base, headers: inTwoDays, origin: 'configured' });
  assert.equal(configured.status, 'failed');
  assert.equal(configured.status === 'failed' && configured.code, 'REHEARSE_PREFLIGHT_TOKEN_EXPIRING');
  assert.equal(checkTokenExpiry({ ...base, headers: inTwoDays, origin: 'issued' }).status, 'passed');
  const past = { authorization: `Bearer ${jwt({ exp: (NOW - 90_000) / 1000 })}` };
  const issued = checkTokenExpiry({ ...base, headers: past, origin: 'issued' });
  assert.equal(issued.status === 'failed' && issued.code, 'REHEARSE_PREFLIGHT_TOKEN_EXPIRED');
  assert.match(issued.message, /the token the target issued expired 1m ago \(exp 2026-12-01T11:58:30\.000Z\)/);
  assert.equal(
    checkTokenExpiry({ ...base, headers: { authorization: 'Bearer opaque' }, origin: 'configured' }).status,
    'skipped',
  );
});

test('a margin may count days, up to 400; spans read as people say them', () => {
  assert.equal(expiryMarginMs('7d'), WEEK);
  assert.equal(expiryMarginMs('36h'), 36 * 3_600_000);
  assert.throws(() => expiryMarginMs('401d'), /REHEARSE_CONFIG_INVALID|at most 400d/);
  assert.equal(humanSpan(3 * 86_400_000 + 4 * 3_600_000 + 5), '3d 4h');
  assert.equal(humanSpan(-(5 * 3_600_000 + 12 * 60_000)), '5h 12m');
  assert.equal(humanSpan(40_000), '40s');
});

test('configuration: same JSON type and value, every difference listed, what the profile does not name ignored', () => {
  const outcome = checkConfiguration({
    tenant: 'standard',
    expects: { features: { edi: true, tier: 2, missing: true }, settings: { currency: 'EUR' } },
    configuration: { features: { edi: 'true', tier: 2, other: false }, settings: { currency: 'USD' } },
    source: 'GET /api/v1/tenant',
  });
  assert.equal(outcome.status, 'failed');
  assert.equal(
    outcome.message,
    'GET /api/v1/tenant says feature edi is "true" (expected true); feature missing is not reported (expected true); setting currency is "USD" (expected "EUR")',
  );
  assert.equal(
    checkConfiguration({ tenant: 's', expects: { features: { edi: true } }, configuration: [], source: 'GET /t' })
      .status,
    'failed',
  );
  assert.equal(
    checkConfiguration({ tenant: 's', expects: undefined, configuration: {}, source: 'GET /t' }).status,
    'skipped',
  );
});
