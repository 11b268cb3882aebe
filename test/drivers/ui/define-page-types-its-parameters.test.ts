// definePage types a page object's parameters from the spec actions use (a required string is a
// string, an optional integer a number or undefined, one with a default always present) and its
// result from what run returns; `npm run typecheck` compiles this file, so a wrong type here is a
// failure there. At run time it marks the object so the loader finds it among a module's exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '@playwright/test';
import { definePage } from '../../../src/drivers/ui/define-page.js';
import { isPageObject } from '../../../src/schema/page-object.js';

const lines = definePage({
  name: 'orderScreen.lines',
  params: {
    orderId: { type: 'string', required: true },
    limit: { type: 'integer' },
    service: { type: 'string', default: 'GROUND' },
  },
  async run(_page, { orderId, limit, service }) {
    const id: string = orderId;
    const max: number | undefined = limit;
    const chosen: string = service;
    return { lines: [{ sku: id, qty: max ?? 0, service: chosen }] };
  },
});

test('definePage marks a page object and keeps its name, parameters and run typed', async () => {
  assert.ok(isPageObject(lines));
  assert.ok(!isPageObject({ name: 'orderScreen.lines', run: () => 1 }), 'a look-alike is not one');
  assert.equal(lines.name, 'orderScreen.lines');
  const result = await lines.run({} as Page, { orderId: 'SO-1', service: 'AIR' });
  const first: { sku: string; qty: number; service: string } | undefined = result.lines[0];
  assert.deepEqual(first, { sku: 'SO-1', qty: 0, service: 'AIR' });
  // @ts-expect-error orderId is required
  await lines.run({} as Page, { service: 'AIR' });
  // @ts-expect-error limit is an integer
  await lines.run({} as Page, { orderId: 'SO-1', service: 'AIR', limit: '2' });
});
