// Through the real CLI: a compressed body in windows-1252 is read as its text, three Set-Cookie
// headers are three items, a body of the wrong kind fails a path with what it is and its start,
// an encoding Rehearse cannot decode fails the step naming it — and no cookie or token value
// reaches the console.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
const SESSION = 'sess-cookie-4f5e6d';
const TOKEN = 'tok-in-cut-json-8a7b';

const scenario = (name: string, steps: string[]) =>
  [`name: ${name}`, 'tenants: [standard]', 'steps:', ...steps.map((s) => `  ${s}`), ''].join('\n');

function win1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))));
}

describe('bodies and headers are read as HTTP says, through the CLI', () => {
  let server: Server;
  let url: string;
  let run: CliResult;
  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const send = (headers: Record<string, string | string[]>, body: string | Buffer) => {
        res.writeHead(200, headers);
        res.end(body);
      };
      if (path === '/health' || path === '/version')
        return send({ 'content-type': 'application/json' }, '{"status":"ok"}');
      if (path === '/price')
        return send(
          { 'content-type': 'application/json; charset=windows-1252', 'content-encoding': 'br' },
          brotliCompressSync(win1252('{"id":"SO-1","price":"€ 12","city":"Köln"}')),
        );
      if (path === '/login')
        return send(
          {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'set-cookie': [
              `session=${SESSION}; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly`,
              'theme=dark; Path=/; Expires=Thu, 22 Oct 2037 07:28:00 GMT',
              'csrf=c1; Path=/; Secure',
            ],
          },
          gzipSync('{"ok":true}'),
        );
      if (path === '/maintenance')
        return send({ 'content-type': 'text/html' }, '<!DOCTYPE html><html><title>Maintenance</title></html>');
      if (path === '/cut')
        return send({ 'content-type': 'application/json' }, `{"status":"ok","token":"${TOKEN}","lines":[{"sku":`);
      if (path === '/zstd') return send({ 'content-type': 'application/json', 'content-encoding': 'zstd' }, 'not-zstd');
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const p = project({
      'scenarios/price.scenario.yaml': scenario('price-in-windows-1252', [
        '- http: GET /price',
        '  expect: { body.price: "€ 12", body.city: Köln, bodySize: 42 }',
      ]),
      'scenarios/cookies.scenario.yaml': scenario('three-cookies', [
        '- http: GET /login',
        '  expect:',
        '    body.ok: true',
        '    bodyBase64: eyJvayI6dHJ1ZX0=',
        '    headers.set-cookie: { length: 3 }',
        '    headers.set-cookie[1]: "theme=dark; Path=/; Expires=Thu, 22 Oct 2037 07:28:00 GMT"',
        '    headers.set-cookie[2]: { matches: "^csrf=c1;.*Secure" }',
        '  save: { firstCookie: "headers.set-cookie[0]" }',
        '- expect: { firstCookie: { matches: "Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly$" } }',
      ]),
      'scenarios/cookie-fails.scenario.yaml': scenario('cookie-check-fails', [
        '- http: GET /login',
        '  expect: { "headers.set-cookie[0]": "session=other" }',
      ]),
      'scenarios/html.scenario.yaml': scenario('html-where-json-was-expected', [
        '- http: GET /maintenance',
        '  expect: { body.status: ok }',
      ]),
      'scenarios/cut.scenario.yaml': scenario('truncated-json', ['- http: GET /cut', '  expect: { body.status: ok }']),
      'scenarios/zstd.scenario.yaml': scenario('zstd-body', ['- http: GET /zstd', '  expect: { status: 200 }']),
    });
    run = await runCli(['run', '--base-url', url, '--workers', '2'], { cwd: p.dir, timeoutMs: 120_000 });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('the decoded bodies and the cookie list pass; the run fails on the four that must', () => {
    const out = run.stdout;
    assert.equal(run.code, 1, out + run.stderr);
    const failed = out.slice(out.lastIndexOf(' failed\n'));
    assert.match(out, /\n {2}4 failed\n/);
    for (const name of ['cookie-check-fails', 'html-where-json-was-expected', 'truncated-json', 'zstd-body'])
      assert.match(failed, new RegExp(`› ${name} ›`), name);
    assert.match(out, /\n {2}2 passed/);
  });

  test('a path into HTML or cut JSON names what the body is and shows its start or end, never "does not exist"', () => {
    const out = run.stdout;
    assert.match(
      out,
      /body\.status: expected "ok", got nothing: the body is HTML \(text\/html\), not JSON; it starts: "<!DOCTYPE html><html><title>Maintenance/,
    );
    assert.match(
      out,
      /body\.status: expected "ok", got nothing: the body is truncated JSON \(application\/json\): it ends after \d+ bytes/,
    );
    assert.doesNotMatch(out, /the path does not exist/);
  });

  test('an undecodable body errors the step naming the coding', () => {
    assert.match(
      run.stdout,
      /REHEARSE_BODY_UNREADABLE: Failed to read the body of the 200 answer from GET http:\/\/127\.0\.0\.1:\d+\/zstd: it is compressed with zstd \(Content-Encoding: zstd\), which Rehearse cannot decode/,
    );
  });

  test('neither the session cookie nor a token of the cut JSON is printed', () => {
    const all = run.stdout + run.stderr;
    assert.match(all, /headers\.set-cookie\[0\]: expected "session=other", got \[REDACTED\]/);
    assert.doesNotMatch(all, new RegExp(SESSION));
    assert.doesNotMatch(all, new RegExp(TOKEN));
  });
});
