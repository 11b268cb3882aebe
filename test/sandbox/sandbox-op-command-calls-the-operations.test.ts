import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, type Harness } from './sandbox-harness.js';
import { ADMIN_TOKEN, admin, orderPoNumbers, placeOrder } from './recovery-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('`rehearse sandbox op` (the real CLI against a running sandbox)', () => {
  let harness: Harness;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    harness = await startHarness();
    env = { REHEARSE_SANDBOX_URL: harness.sandbox.url, REHEARSE_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN };
  });
  after(() => harness.close());
  const op = (args: string[], extraEnv: NodeJS.ProcessEnv = env) =>
    runCli(['sandbox', 'op', ...args], { cwd: root, env: extraEnv, timeoutMs: 60_000 });

  test('snapshot and restore, from the environment variables: the answer is JSON on stdout', async () => {
    const tenant = await harness.tenant('cli-ops');
    await placeOrder(tenant, 'PO-KEPT');
    const snapshot = await op(['snapshot']);
    assert.equal(snapshot.code, 0, snapshot.stderr);
    const { id } = JSON.parse(snapshot.stdout) as { id: string };
    assert.match(id, /^snap-\d+$/);
    await placeOrder(tenant, 'PO-LOST');
    const restore = await op(['restore', id]);
    assert.equal(restore.code, 0, restore.stderr);
    assert.equal((JSON.parse(restore.stdout) as { restored: string }).restored, id);
    assert.deepEqual(await orderPoNumbers(tenant), ['PO-KEPT']);
  });

  test('release --blue-green --downtime, rollback, migrate --lock, worker stop|status|start, with --url and --admin-token', async () => {
    const flags = ['--url', harness.sandbox.url, '--admin-token', ADMIN_TOKEN];
    const release = await op(['release', '3.0.0', '--blue-green', '--downtime', '200ms', ...flags], {});
    assert.equal(release.code, 0, release.stderr);
    assert.deepEqual(JSON.parse(release.stdout), {
      ...JSON.parse(release.stdout),
      version: '3.0.0',
      mode: 'blue-green',
      downtimeMs: 200,
    });
    const rollback = await op(['rollback', '--downtime', '0s', ...flags], {});
    assert.equal(rollback.code, 0, rollback.stderr);
    assert.equal((JSON.parse(rollback.stdout) as { version: string }).version, '1.4.2');

    const migrate = await op(['migrate', 'add-incoterms', '--lock', '1s', '--tables', 'sales_orders,stock']);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.deepEqual((JSON.parse(migrate.stdout) as { tables: string[] }).tables, ['sales_orders', 'stock']);
    assert.equal((await admin(harness, 'GET', '/admin/migrations')).body.migrations.length, 1);

    const stop = await op(['worker', 'stop']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal((JSON.parse((await op(['worker', 'status'])).stdout) as { running: boolean }).running, false);
    const start = await op(['worker', 'start']);
    assert.equal((JSON.parse(start.stdout) as { running: boolean }).running, true);
  });

  test('mistakes are coded: usage exits 2, a refused operation 1, an unreachable sandbox 3; no stack traces', async () => {
    const unknown = await op(['reboot']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /REHEARSE_USAGE.*"reboot"/);
    const noUrl = await op(['snapshot'], { REHEARSE_SANDBOX_URL: '', REHEARSE_SANDBOX_ADMIN_TOKEN: '' });
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /REHEARSE_USAGE.*REHEARSE_SANDBOX_URL/);
    const badDuration = await op(['release', '2.0.0', '--downtime', 'soon']);
    assert.equal(badDuration.code, 2);
    assert.match(badDuration.stderr, /REHEARSE_USAGE/);
    const noLock = await op(['migrate', 'add-incoterms']);
    assert.equal(noLock.code, 2);

    const missing = await op(['restore', 'snap-999']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /REHEARSE_SANDBOX_OP_FAILED.*404 SNAPSHOT_NOT_FOUND/);
    const wrongToken = await op(['snapshot'], { ...env, REHEARSE_SANDBOX_ADMIN_TOKEN: 'wrong' });
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stderr, /401/);

    const down = await op(['snapshot'], { ...env, REHEARSE_SANDBOX_URL: 'http://127.0.0.1:9' });
    assert.equal(down.code, 3);
    assert.match(down.stderr, /REHEARSE_SANDBOX_UNREACHABLE/);
    for (const result of [unknown, noUrl, badDuration, missing, wrongToken, down])
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});
