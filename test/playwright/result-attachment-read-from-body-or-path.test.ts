import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RESULT_ATTACHMENT, scenarioResultOf } from '../../src/playwright/reporters/run-summary.js';

// A report merged from blobs may hand an attachment over as a file (`path`) rather than bytes (`body`);
// the JUnit's failure/error split and the CLI's verdict read the scenario's result either way.
const result = { scenario: 'order-to-cash', tenant: 'standard', status: 'failed', steps: [], cleanup: [] };

test('the scenario result is read from the attachment body, else from the file its path names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-attachment-'));
  try {
    const file = join(dir, 'result.json');
    writeFileSync(file, JSON.stringify(result));
    const fromBody = scenarioResultOf([{ name: RESULT_ATTACHMENT, body: Buffer.from(JSON.stringify(result)) }]);
    const fromPath = scenarioResultOf([
      { name: 'trace', path: join(dir, 'nope') },
      { name: RESULT_ATTACHMENT, path: file },
    ]);
    assert.deepEqual(fromBody, result);
    assert.deepEqual(fromPath, result);
    assert.equal(scenarioResultOf([{ name: RESULT_ATTACHMENT, path: join(dir, 'gone.json') }]), undefined);
    writeFileSync(file, '{ not json');
    assert.equal(scenarioResultOf([{ name: RESULT_ATTACHMENT, path: file }]), undefined);
    assert.equal(scenarioResultOf([{ name: 'other', body: Buffer.from('{}') }]), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
