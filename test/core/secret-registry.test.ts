import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_SECRET_LENGTH, REDACTED, Redactor } from '../../src/core/redactor.js';
import { isSensitiveName } from '../../src/core/sensitive-name.js';
import { scanBuffer } from '../helpers/scan-secrets.js';

/** Containers a secret travels in on its way to a report, each holding it once. */
function containers(secret: string): Record<string, string> {
  const out: Record<string, string> = {
    raw: `token is ${secret}.`,
    json: JSON.stringify({ message: `got "${secret}"`, nested: [`a\n${secret}\tb`] }),
    'url-encoded': `https://h/x?next=${encodeURIComponent(`/a?b=${secret}`)}`,
    'form-encoded': new URLSearchParams({ note: `the ${secret} here` }).toString(),
    'html-escaped': `<p>${secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}</p>`,
  };
  // Inside a larger base64 text at each of the three byte alignments (a Basic header, a report's attachment).
  for (const prefix of ['', 'x', 'xy']) {
    const encoded = Buffer.from(`${prefix}${secret} and more text`).toString('base64');
    out[`base64 after ${prefix.length} byte(s)`] = `Basic ${encoded}`;
    out[`base64url after ${prefix.length} byte(s)`] = encoded.replace(/\+/g, '-').replace(/\//g, '_');
  }
  return out;
}

describe('the secret registry masks a value in every spelling', () => {
  const secrets = ['plain-token-8f3a2c', 'p@ss w/rd&"<x>\'+é~ü', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'];
  for (const secret of secrets) {
    it(`finds none of ${JSON.stringify(secret)} after masking, in any container`, () => {
      const redactor = new Redactor();
      redactor.addSecret(secret);
      for (const [container, text] of Object.entries(containers(secret))) {
        assert.ok(scanBuffer({ s: secret }, container, Buffer.from(text)).findings.length > 0, `${container}: planted`);
        const masked = redactor.redactText(text);
        const { findings } = scanBuffer({ s: secret }, container, Buffer.from(masked));
        assert.deepEqual(findings, [], `${container}: ${masked}`);
        assert.ok(masked.includes(REDACTED), `${container} says where something was hidden: ${masked}`);
      }
    });
  }

  it('masks the longest spelling first, so no piece of a longer one is left over', () => {
    const redactor = new Redactor();
    redactor.addSecret('abcdef-1');
    redactor.addSecret('abcdef-1-and-longer');
    assert.equal(redactor.redactText('x abcdef-1-and-longer y abcdef-1 z'), `x ${REDACTED} y ${REDACTED} z`);
  });

  it('leaves text without secrets as it is, and changes nothing that is sent', () => {
    const redactor = new Redactor();
    redactor.addSecret('some-secret-value');
    const text = 'order SO-1001 allocated 5 of 5 (https://erp.example.com/api/orders/SO-1001)';
    assert.equal(redactor.redactText(text), text);
  });
});

describe('values shorter than the minimum are masked by name only', () => {
  it(`masks a value of ${MIN_SECRET_LENGTH} characters by value, a shorter one nowhere by value`, () => {
    const redactor = new Redactor();
    const long = 'x'.repeat(MIN_SECRET_LENGTH - 2) + '9z';
    const short = 'k3y!q'.slice(0, MIN_SECRET_LENGTH - 1);
    redactor.addSecret(long);
    redactor.addSecret(short);
    assert.equal(redactor.redactText(`a ${long} b`), `a ${REDACTED} b`);
    assert.equal(redactor.redactText(`a ${short} b`), `a ${short} b`);
    // still known, and hidden wherever a name says what it is
    assert.ok(redactor.isSecret(short));
    assert.deepEqual(redactor.redactValue({ password: short, note: short }), { password: REDACTED, note: short });
    assert.deepEqual(redactor.redactHeaders({ 'x-api-key': short, accept: short }), {
      'x-api-key': REDACTED,
      accept: short,
    });
    assert.equal(
      redactor.redactUrl(`https://h/a?sig=${short}&page=${short}`),
      `https://h/a?sig=${REDACTED}&page=${short}`,
    );
  });

  it('masks URL user-info by its shape, whatever its length', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redactText('GET https://qa:pw@h.example/x'), `GET https://${REDACTED}@h.example/x`);
    assert.equal(
      redactor.redactText('clone https://ghp_t0k@github.com/a/b'),
      `clone https://${REDACTED}@github.com/a/b`,
    );
    // an @ in a path is not user-info
    assert.equal(redactor.redactText('https://h.example/users/a@b.c'), 'https://h.example/users/a@b.c');
  });

  it('registers URL user-info and sensitive query values it learns from a URL', () => {
    const redactor = new Redactor();
    redactor.learnUrl('http://qa:userinfo-secret-777@127.0.0.1/echo?X-Amz-Signature=sig-secret-0a1b2c&page=200001');
    assert.ok(redactor.isSecret('userinfo-secret-777'));
    assert.ok(redactor.isSecret('qa:userinfo-secret-777'));
    assert.ok(redactor.isSecret('sig-secret-0a1b2c'));
    assert.ok(!redactor.isSecret('200001'), 'a harmless query value is not a secret');
    assert.ok(!redactor.isSecret('qa'), 'a user name next to a password is not a secret on its own');
  });
});

describe('values learned mid-run', () => {
  it('are masked from then on, and a record kept from before is clean once masked again', () => {
    const redactor = new Redactor();
    const before = redactor.generation;
    const record = { title: 'POST /login', body: '{"note":"your session is live-sess-91ab"}' };
    assert.deepEqual(redactor.redactValue(record), record);
    redactor.addSecret('live-sess-91ab');
    assert.ok(redactor.generation > before, 'the set of masked values changed');
    assert.equal(redactor.redactValue(record).body, `{"note":"your session is ${REDACTED}"}`);
  });

  it('registering a value again does not change the pattern', () => {
    const redactor = new Redactor();
    redactor.addSecret('same-value-123');
    const generation = redactor.generation;
    redactor.addSecret('same-value-123');
    redactor.addSecret('ab');
    assert.equal(redactor.generation, generation);
  });

  it('learns the values of sensitive fields anywhere in a body, in any naming style', () => {
    const redactor = new Redactor();
    redactor.learnFrom({
      user: 'qa-user-name',
      accessToken: 'eyJhbGciOiJIUzI1NiJ9.jwt-secret-payload.sig',
      token_type: 'Bearer',
      expires_in: 3600,
      data: [{ refresh_token: 'refresh-secret-4242', IdToken: 'id-secret-9191' }],
      credentials: { clientSecret: 'nested-cs-secret-8080', region: 'eu-west-1x' },
      private_key: 'pk-secret-7070',
    });
    for (const value of [
      'eyJhbGciOiJIUzI1NiJ9.jwt-secret-payload.sig',
      'refresh-secret-4242',
      'id-secret-9191',
      'nested-cs-secret-8080',
      'eu-west-1x',
      'pk-secret-7070',
    ])
      assert.ok(redactor.isSecret(value), value);
    for (const value of ['qa-user-name', 'Bearer', '3600']) assert.ok(!redactor.isSecret(value), value);
  });

  it('adds the project’s own names to the sensitive ones, in any style', () => {
    const redactor = new Redactor({ fields: ['cardNumber'], headers: ['X-Tenant-Pass'] });
    assert.deepEqual(redactor.redactValue({ card_number: '4111', CardNumber: '4111', cardHolder: 'Ann' }), {
      card_number: REDACTED,
      CardNumber: REDACTED,
      cardHolder: 'Ann',
    });
    assert.deepEqual(redactor.redactHeaders({ 'x-tenant-pass': 'p' }), { 'x-tenant-pass': REDACTED });
  });
});

describe('sensitive names are recognised whatever their style', () => {
  const sensitive = [
    'accessToken',
    'access_token',
    'AccessToken',
    'ACCESS_TOKEN',
    'accesstoken',
    'x-auth-token',
    'X-Access-Token',
    'refreshToken',
    'idToken',
    'id_token',
    'clientSecret',
    'client_secret',
    'private_key',
    'privateKey',
    'password',
    'newPassword',
    'password_confirmation',
    'passwd',
    'apiKey',
    'api_key',
    'x-api-key',
    'XApiKey',
    'Ocp-Apim-Subscription-Key',
    'sessionId',
    'session_id',
    'JSESSIONID',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'X-Goog-Signature',
    'x-hub-signature-256',
    'sig',
    'signature',
    'authorization',
    'Proxy-Authorization',
    'cookie',
    'Set-Cookie',
    'jwt',
    'otp',
    'csrfToken',
    'tokens',
    'credentials',
  ];
  const harmless = [
    'token_type',
    'tokenType',
    'tokenUrl',
    'expires_in',
    'refresh_token_expires_in',
    'secretName',
    'idempotencyKey',
    'Idempotency-Key',
    'passwordPolicy',
    'privateKeyId',
    'key',
    'id',
    'orderId',
    'traceparent',
    'x-tenant-id',
    'signatureAlgorithm',
    'content-type',
    'status',
    'message',
    'title',
    'keyboard',
    'monkey',
  ];
  for (const name of sensitive) it(`${name} is sensitive`, () => assert.equal(isSensitiveName(name), true));
  for (const name of harmless) it(`${name} is not`, () => assert.equal(isSensitiveName(name), false));
});
