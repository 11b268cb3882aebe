import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { VirtualServicesHandle } from '../../src/virtual/index.js';
import { startServer, type Server } from '../drivers/helpers.js';
import { postJson, start } from './helpers.js';

const X12 =
  'ISA*00*          *00*          *ZZ*PARTNER        *ZZ*ACME           *240101*1200*U*00401*000000001*0*T*>~' +
  'GS*PO*PARTNER*ACME*20240101*1200*1*X*004010~ST*850*0001~BEG*00*SA*PO-1**20240101~SE*3*0001~GE*1*1~IEA*1*000000001~';

/**
 * The virtual EDI VAN delivers with the tenant's credentials: only to a host
 * that the run and the server both allow, never following a redirect, never
 * past its timeout. "Outside" listens on 127.0.0.2 and counts connections.
 */
describe('the EDI VAN delivers only to allowed hosts', () => {
  let open: VirtualServicesHandle;
  let pinned: VirtualServicesHandle;
  let target: Server;
  let outside: Server;
  before(async () => {
    outside = await startServer((_req, res) => void res.end('{"stolen":true}'), '127.0.0.2');
    target = await startServer((req, res) => {
      if (req.url === '/edi/moved') {
        res.writeHead(307, { location: `${outside.url}/edi/inbound` });
        res.end();
        return;
      }
      if (req.url === '/edi/hang') return;
      if (req.url === '/edi/gzip') {
        // An answer compressed and in Latin-1, as some gateways send it.
        res.writeHead(202, { 'content-type': 'application/json; charset=iso-8859-1', 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.from('{"accepted":true,"by":"M\xfcller"}', 'latin1')));
        return;
      }
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"accepted":true}');
    });
    open = await start();
    pinned = await start({ allowedHosts: [`127.0.0.1:${target.port}`] });
  });
  after(async () => {
    await Promise.all([open.close(), pinned.close(), target.close(), outside.close()]);
  });
  const push = (services: VirtualServicesHandle, body: Record<string, unknown>) =>
    postJson(`${services.partnerUrl('edi-van')}/push`, {
      headers: { authorization: 'Bearer tenant-secret' },
      body: X12,
      ...body,
    });
  const error = (text: string) =>
    (JSON.parse(text) as { error: { code: string; message: string; hint: string } }).error;

  it('delivers to a host the run allows', async () => {
    const answer = await push(open, { targetUrl: `${target.url}/edi/inbound`, allowedHosts: ['127.0.0.1'] });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { status: 202, body: '{"accepted":true}' });
    assert.equal(target.requests.at(-1)?.headers.authorization, 'Bearer tenant-secret');
  });

  it('reads a compressed answer as HTTP says: Content-Encoding undone, charset read', async () => {
    const answer = await push(open, { targetUrl: `${target.url}/edi/gzip`, allowedHosts: ['127.0.0.1'] });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { status: 202, body: '{"accepted":true,"by":"Müller"}' });
  });

  it('refuses a host the run does not allow, before connecting', async () => {
    const answer = await push(open, { targetUrl: `${outside.url}/edi/inbound`, allowedHosts: ['127.0.0.1'] });
    assert.equal(answer.status, 403);
    const e = error(answer.text);
    assert.equal(e.code, 'REHEARSE_HOST_NOT_ALLOWED');
    assert.match(
      e.message,
      /^Failed to deliver to http:\/\/127\.0\.0\.2:\d+\/edi\/inbound: 127\.0\.0\.2:\d+ is not an allowed host \(allowed: 127\.0\.0\.1\)\.$/,
    );
    assert.match(e.hint, /allowedHosts in rehearse\.config\.yaml/);
    assert.equal(outside.connections, 0);
  });

  it('refuses when nobody said which hosts are allowed', async () => {
    const answer = await push(open, { targetUrl: `${target.url}/edi/inbound` });
    assert.equal(answer.status, 403);
    const e = error(answer.text);
    assert.equal(e.code, 'REHEARSE_HOST_NOT_ALLOWED');
    assert.match(
      e.message,
      /no host is allowed: the request names no allowedHosts and the virtual services were started without --allow-host/,
    );
  });

  it('a request cannot widen the server’s own list', async () => {
    const widened = await push(pinned, { targetUrl: `${outside.url}/edi/inbound`, allowedHosts: ['127.0.0.2'] });
    assert.equal(widened.status, 403);
    assert.match(error(widened.text).message, /127\.0\.0\.2:\d+ is not an allowed host \(allowed: 127\.0\.0\.1:\d+\)/);
    assert.match(error(widened.text).hint, /--allow-host/);
    const bare = await push(pinned, { targetUrl: `${outside.url}/edi/inbound` });
    assert.equal(bare.status, 403);
    assert.equal(outside.connections, 0);
    const delivered = await push(pinned, { targetUrl: `${target.url}/edi/inbound` });
    assert.equal(JSON.parse(delivered.text).status, 202, 'the server’s list alone allows its own host');
  });

  it('a user-info trick does not pass for the allowed host', async () => {
    const answer = await push(open, {
      targetUrl: `http://127.0.0.1:${target.port}@127.0.0.2:${outside.port}/edi/inbound`,
      allowedHosts: ['127.0.0.1'],
    });
    assert.equal(answer.status, 403);
    assert.equal(outside.connections, 0);
  });

  it('returns a redirect instead of following it: the credentials never reach its Location', async () => {
    const answer = await push(open, { targetUrl: `${target.url}/edi/moved`, allowedHosts: ['127.0.0.1', '127.0.0.2'] });
    assert.equal(answer.status, 200, answer.text);
    const delivery = JSON.parse(answer.text) as { status: number; location: string };
    assert.equal(delivery.status, 307);
    assert.equal(delivery.location, `${outside.url}/edi/inbound`);
    assert.equal(outside.connections, 0, 'even an allowed Location is not followed');
  });

  it('gives up a hanging target after the push’s timeout, saying so', async () => {
    const answer = await push(open, {
      targetUrl: `${target.url}/edi/hang`,
      allowedHosts: ['127.0.0.1'],
      timeoutMs: 300,
    });
    assert.equal(answer.status, 504);
    const e = error(answer.text);
    assert.equal(e.code, 'REHEARSE_REQUEST_TIMEOUT');
    assert.match(e.message, /\/edi\/hang: the target did not answer within 300 ms \(the VAN's delivery timeout\)\.$/);
    assert.match(e.hint, /hung/);
  });

  it('refuses a malformed allowedHosts or timeoutMs', async () => {
    for (const bad of [
      { allowedHosts: '127.0.0.1' },
      { allowedHosts: [1] },
      { timeoutMs: -1 },
      { timeoutMs: 'soon' },
    ]) {
      const answer = await push(open, { targetUrl: `${target.url}/edi/inbound`, ...bad });
      assert.equal(answer.status, 400, JSON.stringify(bad));
    }
  });
});
