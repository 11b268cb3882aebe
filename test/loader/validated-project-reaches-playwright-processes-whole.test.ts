// `rehearse run` hands the project it validated to Playwright's runner and workers as a V8
// snapshot, so they parse no file again. What they get must be the project itself: every
// scenario, action, tenant and schema alike, prototypes included; every step still located at
// its YAML line; page objects imported only when a ui step asks for them. A snapshot of
// another project, or a damaged one, is never used.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import { loadProject } from '../../src/loader/load-project.js';
import { currentProjectDigest } from '../../src/loader/project-digest.js';
import { readProjectSnapshot, writeProjectSnapshot } from '../../src/loader/project-snapshot.js';
import { stepOrigin } from '../../src/loader/step-origins.js';
import { tempProject } from '../helpers/temp-project.js';

const shipped = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'rehearse-snapshot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function stepsOf(value: unknown, found: object[] = []): object[] {
  if (Array.isArray(value)) for (const item of value) stepsOf(item, found);
  else if (value && typeof value === 'object') {
    if (stepOrigin(value)) found.push(value);
    for (const child of Object.values(value)) stepsOf(child, found);
  }
  return found;
}

test('the shipped project comes back equal, prototypes and Maps included, and every step at its line', () => {
  const loaded = loadProject({ root: shipped });
  assert.ok(loaded.project, JSON.stringify(loaded.diagnostics.slice(0, 3)));
  const file = join(dir, 'shipped.v8');
  writeProjectSnapshot(loaded.project, file);

  const handed = readProjectSnapshot(file, loaded.digest);
  assert.ok(handed);
  const { pages: _originalPages, ...original } = loaded.project;
  const { pages: _handedPages, ...received } = handed;
  // deepStrictEqual compares prototypes too: a class instance flattened by the copy would fail here.
  assert.deepStrictEqual(received, original);

  const originalSteps = stepsOf(loaded.project.scenarios);
  const handedSteps = stepsOf(handed.scenarios);
  assert.ok(originalSteps.length > 100, `only ${originalSteps.length} located steps in the shipped scenarios`);
  assert.equal(handedSteps.length, originalSteps.length);
  assert.deepEqual(handedSteps.map(stepOrigin), originalSteps.map(stepOrigin));
  const firstAction = [...handed.actions.values()][0]!;
  assert.deepEqual(
    stepsOf(firstAction.action).map(stepOrigin),
    stepsOf(loaded.project.actions.get(firstAction.name)!.action).map(stepOrigin),
  );
});

test('page objects are imported when first asked for, and are those of the project', () => {
  const loaded = loadProject({ root: shipped });
  assert.ok(loaded.project);
  const file = join(dir, 'pages.v8');
  writeProjectSnapshot(loaded.project, file);
  const handed = readProjectSnapshot(file, loaded.digest)!;
  assert.deepEqual([...handed.pages!.keys()].sort(), [...loaded.project.pages!.keys()].sort());
  assert.ok(handed.pages!.size > 0);
  assert.equal(handed.pages, handed.pages, 'imported once, then the same Map');
});

test('a snapshot of other files (another digest), a damaged one or none at all is not used', () => {
  const loaded = loadProject({ root: shipped });
  assert.ok(loaded.project);
  const file = join(dir, 'other.v8');
  writeProjectSnapshot(loaded.project, file);
  assert.equal(readProjectSnapshot(file, 'f'.repeat(64)), undefined);
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  assert.equal(readProjectSnapshot(file, loaded.digest), undefined);
  assert.equal(readProjectSnapshot(join(dir, 'absent.v8'), loaded.digest), undefined);
});

test('a page module broken after the run validated the project fails the step that needs it, with a code', () => {
  const project = tempProject({
    'scenarios/a.scenario.yaml': 'name: a\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
    'pages/broken.ts': 'export const x = ;\n',
  });
  after(() => project.remove());
  // As Playwright's runner loads it: trusted, page objects left out.
  const loaded = loadProject({
    root: project.dir,
    trustedDigest: currentProjectDigest(project.dir),
    skipPageObjects: true,
  });
  assert.ok(loaded.project, JSON.stringify(loaded.diagnostics));
  const file = join(dir, 'broken.v8');
  writeProjectSnapshot(loaded.project, file);
  const handed = readProjectSnapshot(file, loaded.digest)!;
  assert.equal(handed.scenarios.length, 1);
  assert.throws(
    () => handed.pages,
    (error: unknown) =>
      error instanceof RehearseError &&
      error.code === 'REHEARSE_PAGE_OBJECT_LOAD_FAILED' &&
      /pages\/broken\.ts/.test(error.message),
  );
});
