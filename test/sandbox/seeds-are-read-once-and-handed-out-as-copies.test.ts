import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadSeed, prepareProvisioning, SEED_NAMES } from '../../sandbox/admin/provision-tenant.js';
import { ApiError } from '../../sandbox/http/api-error.js';

const seedDir = fileURLToPath(new URL('../../sandbox/seed/', import.meta.url));

test('prepareProvisioning reads every shipped seed: SEED_NAMES lists each sandbox/seed/*.yaml', () => {
  const shipped = readdirSync(seedDir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.replace(/\.yaml$/, ''))
    .sort();
  assert.deepEqual([...SEED_NAMES].sort(), shipped);
  assert.doesNotThrow(() => prepareProvisioning());
});

test('a seed read once is handed out as a copy: what one provisioning changes, the next does not see', () => {
  const first = loadSeed('standard');
  const second = loadSeed('standard');
  assert.deepEqual(first, second);
  assert.notEqual(first, second);
  assert.ok(first.items?.length, 'the standard seed has items');
  first.items![0]!.name = 'changed by the first provisioning';
  first.items!.push({ ...first.items![0]!, sku: 'ADDED' });
  const third = loadSeed('standard');
  assert.deepEqual(third, second);
});

test('an unknown seed is still a 422 UNKNOWN_SEED, every time', () => {
  for (let i = 0; i < 2; i++)
    assert.throws(
      () => loadSeed('no-such-seed'),
      (error: unknown) => error instanceof ApiError && error.status === 422 && error.code === 'UNKNOWN_SEED',
    );
});
