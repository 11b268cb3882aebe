import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { startSandboxThread } from '../../sandbox/thread/sandbox-thread.js';
import { startCli, waitFor } from '../helpers/run-cli.js';
import { until } from './sandbox-harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something listens on the port: binding it fails then. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

const health = (url: string) =>
  fetch(`${url}/health`).then(
    async (r) => ({
      status: r.status,
      body: (await r.json()) as { status?: string; jobs?: { heartbeatAt: string | null } },
    }),
    () => undefined,
  );

describe('the sandbox in a thread of its own (startSandboxThread)', () => {
  test('says it is starting until marked ready; its job worker beats once its partners are known', async () => {
    const sandbox = await startSandboxThread({ adminToken: 'thread-test' });
    try {
      const before = await health(sandbox.url);
      assert.deepEqual([before?.status, before?.body.status], [503, 'starting']);
      assert.equal(before?.body.jobs?.heartbeatAt, null, 'no job worker runs before connectPartners');
      sandbox.connectPartners({
        carrier: 'http://127.0.0.1:9/carrier',
        tax: 'http://127.0.0.1:9/tax',
        payment: 'http://127.0.0.1:9/payment',
        supplier: 'http://127.0.0.1:9/supplier',
        ediVan: 'http://127.0.0.1:9/edi-van',
      });
      await until(async () => ((await health(sandbox.url))?.body.jobs?.heartbeatAt ? true : undefined));
      assert.equal((await health(sandbox.url))?.status, 503, 'connected, not yet ready');
      sandbox.markReady();
      await until(async () => ((await health(sandbox.url))?.status === 200 ? true : undefined));
    } finally {
      await sandbox.close();
    }
    assert.equal(await portTaken(sandbox.port), false, 'close() releases the port');
  });

  test('a port in use rejects with the listen error and its code', async () => {
    const first = await startSandboxThread({ adminToken: 'thread-test' });
    try {
      await assert.rejects(startSandboxThread({ adminToken: 'thread-test', port: first.port }), {
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });
});

describe('`rehearse sandbox`', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('is healthy once every tenant profile is provisioned, runs partner jobs, and stops on SIGTERM with exit 0', async () => {
    const [port, virtualPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-sandbox-cmd-'));
    dirs.push(dataDir);
    const cli = startCli(
      ['sandbox', '--port', String(port), '--virtual-port', String(virtualPort), '--data-dir', dataDir],
      { cwd: root, timeoutMs: 120_000 },
    );
    const url = `http://127.0.0.1:${port}`;
    const seen = new Set<string>();
    await until(async () => {
      const answer = await health(url);
      if (answer) seen.add(`${answer.status} ${answer.body.status}`);
      return answer?.status === 200 ? true : undefined;
    }, 60_000);
    // Healthy means provisioned: the logins are printed as it turns healthy, and they work at once.
    await waitFor(() => cli.output().includes('Press Ctrl-C to stop.'), 5_000);
    assert.ok(seen.has('503 starting'), `a 503 starting while the project loaded: ${[...seen].join(', ')}`);
    const out = cli.output();
    assert.match(out, new RegExp(`Sandbox ERP on ${url} `));
    assert.match(out, new RegExp(`Virtual partners on http://127\\.0\\.0\\.1:${virtualPort} `));

    // A printed login works, and a shipment gets its label from the virtual carrier: the sandbox
    // thread was handed the partners' URLs.
    const login = /tenant standard\s+(\S+)\s+(\S+)\s+\(/.exec(out);
    assert.ok(login, out);
    const session = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'standard', username: login[1], password: login[2] }),
    });
    assert.equal(session.status, 200);
    const { token } = (await session.json()) as { token: string };
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const order = await call('POST', '/api/v1/sales-orders', {
      customer: 'C-ACME',
      lines: [{ sku: 'PUMP-100', qty: 1 }],
    });
    assert.equal(order.status, 201, JSON.stringify(order.body));
    await call('POST', `/api/v1/sales-orders/${String(order.body.id)}/allocate`);
    const shipped = await call('POST', `/api/v1/sales-orders/${String(order.body.id)}/ship`, {});
    assert.equal(shipped.status, 201, JSON.stringify(shipped.body));
    const [shipment] = shipped.body.shipments as Array<{ id: string }>;
    await until(async () => {
      const label = (await call('GET', `/api/v1/shipments/${shipment!.id}`)).body.label as { status: string };
      return label.status === 'created' ? true : undefined;
    }, 30_000);

    cli.kill('SIGTERM');
    const result = await cli.done;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(existsSync(join(dataDir, 'sandbox.sqlite')), 'the sandbox thread flushed its database before exiting');
    assert.equal(await portTaken(port), false);
  });

  test('an invalid project: its problems, exit 2, and the port the sandbox opened early is free again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-sandbox-invalid-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'rehearse.config.yaml'), 'defaultEnvironment: [not, a, name]\nunknownKey: 1\n');
    const port = await freePort();
    const cli = startCli(['sandbox', '--port', String(port), '--virtual-port', '0'], { cwd: dir, timeoutMs: 60_000 });
    const result = await cli.done;
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /rehearse\.config\.yaml/);
    assert.doesNotMatch(result.stdout, /Sandbox ERP on/);
    assert.equal(await portTaken(port), false);
  });

  test('an invalid project: the virtual partners, started while it loaded, are stopped too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-sandbox-invalid-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'rehearse.config.yaml'), 'unknownKey: 1\n');
    const [port, virtualPort] = [await freePort(), await freePort()];
    const cli = startCli(['sandbox', '--port', String(port), '--virtual-port', String(virtualPort)], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    const result = await cli.done;
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /unknownKey/);
    assert.doesNotMatch(result.stdout, /Virtual partners on/);
    assert.equal(await portTaken(virtualPort), false, 'the virtual partners let their port go');
    assert.equal(await portTaken(port), false);
  });
});
