import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ScenarioTimeoutReason } from '../../src/core/network-error.js';
import { client, failed, startServer, type Server } from './helpers.js';

/**
 * A target that misbehaves on purpose: each fault ends in an error whose
 * message names what the target did, and nothing waits past its timeout.
 */
describe('faults of the target name their cause', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/reset') {
        req.socket.resetAndDestroy();
        return;
      }
      if (path === '/dies-mid-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"orders":[{"id":1},');
        setTimeout(() => req.socket.destroy(), 30);
        return;
      }
      if (path === '/short') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"orders":[');
        setTimeout(() => req.socket.destroy(), 30);
        return;
      }
      if (path === '/trickle') {
        // One byte every 50 ms, forever: never idle long enough for a body timeout.
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if (path === '/never') return;
      res.end('{}');
    });
  });
  after(() => server.close());

  it('a connection reset before the answer is REHEARSE_CONNECTION_RESET, retried for a GET', async () => {
    const api = client({ retries: { count: 2, backoffMs: 10 } });
    try {
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/reset` }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
      assert.match(
        error.message,
        /^Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/reset: the connection was reset before the target answered\. \(after 3 attempts; attempt 1 was retried after \d+ ms: the connection was reset before the target answered \(the target may have processed it\); attempt 2 .*\)$/,
      );
      assert.match(error.hint ?? '', /dropped the connection/);
    } finally {
      await api.close();
    }
  });

  it('a target that dies mid-response: the message says how much of the body arrived', async () => {
    const api = client();
    try {
      const { error } = failed(await api.send({ method: 'POST', url: `${server.url}/dies-mid-body` }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
      assert.match(
        error.message,
        /^Failed to read the response body of http:\/\/127\.0\.0\.1:\d+\/dies-mid-body: the connection closed after 20 bytes of the body of its 200 answer, before it was complete\.$/,
      );
      assert.match(error.hint ?? '', /died or dropped the connection mid-response/);
    } finally {
      await api.close();
    }
  });

  it('a body cut short of its Content-Length is named as such', async () => {
    const api = client();
    try {
      const { error } = failed(await api.send({ method: 'POST', url: `${server.url}/short` }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
      assert.match(error.message, /\/short: the connection closed after 11 bytes of the body of its 200 answer/);
    } finally {
      await api.close();
    }
  });

  it('a real process that exits mid-response is an error naming it, not a hang', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:http').createServer((q, r) => {
           r.writeHead(200, { 'content-type': 'application/json' });
           r.write('{"partial":');
           setTimeout(() => process.exit(1), 30);
         });
         s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const port = await new Promise<string>((resolve) =>
        child.stdout.once('data', (c: Buffer) => resolve(c.toString().trim())),
      );
      const api = client();
      try {
        const { error } = failed(
          await api.send({ method: 'POST', url: `http://127.0.0.1:${port}/orders`, timeoutMs: 10_000 }),
        );
        assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
        assert.match(error.message, /the connection (closed|was reset) after 11 bytes of the body of its 200 answer/);
      } finally {
        await api.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('a body that trickles forever is stopped by the step’s timeout, which the message names', async () => {
    const api = client({ timeouts: { bodyMs: 30_000 } });
    try {
      const started = performance.now();
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/trickle`, timeoutMs: 400 }));
      const elapsed = performance.now() - started;
      assert.equal(error.code, 'REHEARSE_REQUEST_TIMEOUT');
      assert.match(
        error.message,
        /^Failed to read the response body of http:\/\/127\.0\.0\.1:\d+\/trickle: the target sent the headers but not the whole body within 400 ms \(the step's timeout; \d+ bytes arrived\)\.$/,
      );
      // bounded by the step's 400 ms, far below the 30 s body timeout that a trickle never trips
      assert.ok(elapsed < 5000, `stopped after ${Math.round(elapsed)} ms`);
    } finally {
      await api.close();
    }
  });

  it('a request without a step timeout (an OAuth token request) is still bounded, by the client’s timeouts', async () => {
    const api = client({ timeouts: { connectMs: 100, headersMs: 200, bodyMs: 300 } });
    try {
      const { error } = failed(
        await api.send({ method: 'POST', url: `${server.url}/trickle`, noAuth: true, tokenRequest: true }),
      );
      assert.equal(error.code, 'REHEARSE_REQUEST_TIMEOUT');
      assert.match(
        error.message,
        /the target sent the headers but not the whole body within 600 ms \(the client’s connect \+ headers \+ body timeouts; \d+ bytes arrived\)/,
      );
      assert.match(error.hint ?? '', /raise timeouts\.connect, timeouts\.headers or timeouts\.body/);
    } finally {
      await api.close();
    }
  });

  it('retries never stretch a request past its timeout', async () => {
    const api = client({ retries: { count: 50, backoffMs: 100 } });
    try {
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/reset`, timeoutMs: 500 }));
      assert.ok(
        ['REHEARSE_CONNECTION_RESET', 'REHEARSE_REQUEST_TIMEOUT'].includes(error.code),
        `${error.code}: ${error.message}`,
      );
      // backoffs of 100, 200, 400 ms: a fourth attempt would start past the 500 ms deadline
      assert.ok((error.exchange?.attempts ?? 0) <= 3, `attempts: ${error.exchange?.attempts}`);
    } finally {
      await api.close();
    }
  });

  it('something that is not HTTP on the port is REHEARSE_PROTOCOL_ERROR', async () => {
    const notHttp = createServer((socket) => {
      socket.on('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    });
    await new Promise<void>((resolve) => notHttp.listen(0, '127.0.0.1', resolve));
    const api = client();
    try {
      const port = (notHttp.address() as { port: number }).port;
      const { error } = failed(await api.send({ method: 'GET', url: `http://127.0.0.1:${port}/health` }));
      assert.equal(error.code, 'REHEARSE_PROTOCOL_ERROR');
      assert.match(error.message, /it is not HTTP\/1\.1/);
      assert.match(error.hint ?? '', /check the URL and the port/);
    } finally {
      await api.close();
      await new Promise((resolve) => notHttp.close(resolve));
    }
  });

  it('a request the scenario’s timeout stopped says the target had not answered, with a hint that is not "nothing to fix"', async () => {
    const api = client();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new ScenarioTimeoutReason(2000)), 100);
      const { error } = failed(
        await api.send({ method: 'GET', url: `${server.url}/never`, signal: controller.signal }),
      );
      assert.equal(error.code, 'REHEARSE_SCENARIO_TIMEOUT');
      assert.match(
        error.message,
        /^Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/never: the scenario's timeout \(2000 ms\) ran out before the target answered\.$/,
      );
      assert.match(error.hint ?? '', /hung/);
      assert.doesNotMatch(error.hint ?? '', /Nothing to fix/);
    } finally {
      await api.close();
    }
  });

  it('a request stopped by the run’s interruption keeps its wording', async () => {
    const api = client();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const { error } = failed(
        await api.send({ method: 'GET', url: `${server.url}/never`, signal: controller.signal }),
      );
      assert.equal(error.code, 'REHEARSE_ABORTED');
      assert.match(error.message, /was stopped: the run was interrupted or timed out\.$/);
      assert.equal(error.hint, 'Nothing to fix here: the scenario was stopped.');
    } finally {
      await api.close();
    }
  });
});
