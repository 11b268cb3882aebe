import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEgress, isHostAllowed, parseHostPattern } from '../../src/core/egress.js';

describe('the egress matcher compares hosts as the URL parser normalises them', () => {
  const cases: Array<[string, string[], boolean, string]> = [
    // exact names, any port
    ['http://api.example.com/x', ['api.example.com'], true, 'exact name'],
    ['http://api.example.com:8080/x', ['api.example.com'], true, 'a name without a port allows any port'],
    ['http://other.example.com/x', ['api.example.com'], false, 'another name'],
    ['http://API.Example.COM/x', ['api.example.com'], true, 'upper-case URL host'],
    ['http://api.example.com/x', ['API.EXAMPLE.COM'], true, 'upper-case entry'],
    ['http://api.example.com./x', ['api.example.com'], true, 'trailing dot in the URL'],
    ['http://api.example.com/x', ['api.example.com.'], true, 'trailing dot in the entry'],
    ['http://api.example.com.evil.example/x', ['api.example.com'], false, 'the allowed name as a prefix'],
    ['http://evilapi.example.com/x', ['api.example.com'], false, 'the allowed name as a suffix'],
    // user-info tricks: what comes before @ is not the host (RFC 3986 §3.2.1)
    ['http://api.example.com@evil.example/x', ['api.example.com'], false, 'user-info naming the allowed host'],
    ['http://api.example.com:443@evil.example/x', ['api.example.com'], false, 'user-info with a port'],
    ['http://user:pass@api.example.com/x', ['api.example.com'], true, 'user-info before the allowed host'],
    ['http://evil.example\\@api.example.com/x', ['api.example.com'], false, 'a backslash ends the authority'],
    ['http://evil.example#@api.example.com/x', ['api.example.com'], false, 'a fragment after the host'],
    ['http://evil.example?@api.example.com/x', ['api.example.com'], false, 'a query after the host'],
    // ports
    ['http://127.0.0.1:4000/x', ['127.0.0.1:4000'], true, 'host:port, same port'],
    ['http://127.0.0.1:4001/x', ['127.0.0.1:4000'], false, 'host:port, another port'],
    ['http://127.0.0.1/x', ['127.0.0.1:80'], true, 'the scheme’s default port'],
    ['https://api.example.com/x', ['api.example.com:443'], true, 'https default port'],
    ['https://api.example.com/x', ['api.example.com:80'], false, 'http’s port does not cover https'],
    // literal IPs
    ['http://127.0.0.1/x', ['127.0.0.1'], true, 'IPv4'],
    ['http://2130706433/x', ['127.0.0.1'], true, 'IPv4 as one number is the same address'],
    ['http://0x7f.1/x', ['127.0.0.1'], true, 'IPv4 in hex is the same address'],
    ['http://127.0.0.2/x', ['127.0.0.1'], false, 'another loopback address'],
    ['http://[::1]:4000/x', ['[::1]'], true, 'IPv6 with brackets'],
    ['http://[::1]:4000/x', ['::1'], true, 'IPv6 entry without brackets'],
    ['http://[::1]:4000/x', ['[::1]:4000'], true, 'IPv6 with a port'],
    ['http://[::1]:4001/x', ['[::1]:4000'], false, 'IPv6 with another port'],
    ['http://[0:0:0:0:0:0:0:1]/x', ['[::1]'], true, 'IPv6 spelled out'],
    ['http://[::ffff:127.0.0.1]/x', ['127.0.0.1'], false, 'IPv4-mapped IPv6 is not the IPv4 entry'],
    // names are never resolved
    ['http://localhost/x', ['127.0.0.1'], false, 'localhost is not 127.0.0.1'],
    ['http://127.0.0.1/x', ['localhost'], false, '127.0.0.1 is not localhost'],
    // wildcards
    ['http://api.example.com/x', ['*.example.com'], true, 'one level of subdomain'],
    ['http://a.b.example.com/x', ['*.example.com'], true, 'several levels'],
    ['http://example.com/x', ['*.example.com'], false, 'not the domain itself'],
    ['http://evilexample.com/x', ['*.example.com'], false, 'a name ending like the domain'],
    ['http://api.example.com:8443/x', ['*.example.com:8443'], true, 'wildcard with port'],
    ['http://api.example.com:8444/x', ['*.example.com:8443'], false, 'wildcard with another port'],
    ['http://API.EXAMPLE.COM./x', ['*.example.com'], true, 'wildcard, upper case and trailing dot'],
    // encodings and schemes
    ['http://%65vil.example/x', ['evil.example'], true, 'percent-encoded host decodes'],
    ['http://пример.рф/x', ['xn--e1afmkfd.xn--p1ai'], true, 'IDN against its punycode'],
    ['http://xn--e1afmkfd.xn--p1ai/x', ['пример.рф'], true, 'punycode against the IDN entry'],
    ['ftp://api.example.com/x', ['api.example.com'], false, 'only http and https'],
    ['file:///etc/passwd', ['localhost'], false, 'file URLs'],
    ['not a url', ['api.example.com'], false, 'an unparsable URL'],
    // entries with a scheme or path are read for their host
    ['https://api.example.com/x', ['https://api.example.com/'], true, 'an entry written as a URL'],
    // entries that match nothing
    ['http://api.example.com/x', ['*'], false, 'a lone * allows nothing'],
    ['http://api.example.com/x', [''], false, 'an empty entry'],
    ['http://api.example.com/x', [], false, 'an empty list'],
  ];
  for (const [url, allowed, expected, why] of cases) {
    it(`${why}: ${url} vs [${allowed.join(', ')}] → ${expected ? 'allowed' : 'refused'}`, () => {
      assert.equal(isHostAllowed(url, allowed), expected);
    });
  }
});

describe('allowed-hosts entries are read into patterns', () => {
  it('reads names, ports, wildcards and IPv6', () => {
    assert.deepEqual(parseHostPattern('*.Example.COM:8443'), { name: 'example.com', wildcard: true, port: 8443 });
    assert.deepEqual(parseHostPattern('[::1]:4000'), { name: '[::1]', wildcard: false, port: 4000 });
    assert.deepEqual(parseHostPattern('::1'), { name: '[::1]', wildcard: false });
    assert.deepEqual(parseHostPattern('localhost'), { name: 'localhost', wildcard: false });
  });
  it('refuses entries no host can match', () => {
    for (const entry of ['', ' ', '*', 'a b', 'user@host', '*.*.example.com'])
      assert.equal(parseHostPattern(entry), undefined, JSON.stringify(entry));
  });
});

describe('a refusal says what was refused, what is allowed and where to add it', () => {
  it('names the host, the list and the place', () => {
    const refusal = checkEgress('http://evil.example:8080/orders?id=1', ['api.example.com', '*.staging.example.com'], {
      action: 'send GET http://evil.example:8080/orders',
    });
    assert.equal(refusal?.code, 'REHEARSE_HOST_NOT_ALLOWED');
    assert.equal(refusal?.host, 'evil.example:8080');
    assert.equal(
      refusal?.message,
      'Failed to send GET http://evil.example:8080/orders: evil.example:8080 is not an allowed host (allowed: api.example.com, *.staging.example.com).',
    );
    assert.match(
      refusal?.hint ?? '',
      /Add "evil\.example" \(or "evil\.example:8080" for this port only\) to the environment’s allowedHosts in rehearse\.config\.yaml/,
    );
  });
  it('points out user-info without repeating it (it may be a credential)', () => {
    const refusal = checkEgress('http://api.example.com:s3cret@evil.example/x', ['api.example.com'], {
      action: 'send GET',
    });
    assert.match(
      refusal?.message ?? '',
      /evil\.example is not an allowed host \(what comes before "@" in the URL is user-info, not the host\)/,
    );
    assert.doesNotMatch(JSON.stringify(refusal), /s3cret/);
  });
  it('says when a URL is not http(s) at all', () => {
    const refusal = checkEgress('file:///etc/passwd', ['localhost'], { action: 'run the preflight' });
    assert.match(refusal?.message ?? '', /is not an http or https URL/);
  });
  it('allows what is allowed', () => {
    assert.equal(checkEgress('https://api.example.com/x', ['api.example.com'], { action: 'x' }), undefined);
  });
});
