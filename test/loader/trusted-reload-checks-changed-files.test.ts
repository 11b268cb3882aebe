// Playwright's processes reload the project `rehearse run` validated, skipping the schema checks
// when the files are byte for byte the same (their SHA-256). A file changed in between is
// checked again: trust never reaches files nobody validated.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject } from '../helpers/temp-project.js';

const project = tempProject({
  'scenarios/a.scenario.yaml': 'name: a\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
});
after(() => project.remove());

test('the same files under the trusted digest load to the same project', () => {
  const first = loadProject({ root: project.dir });
  assert.ok(first.project, JSON.stringify(first.diagnostics));
  const again = loadProject({ root: project.dir, trustedDigest: first.digest });
  assert.equal(again.digest, first.digest);
  assert.deepEqual(again.diagnostics, []);
  assert.deepEqual(
    again.project?.scenarios.map((s) => s.scenario),
    first.project.scenarios.map((s) => s.scenario),
  );
  assert.deepEqual([...again.project!.tenants.keys()], [...first.project.tenants.keys()]);
});

test('a file changed after the trusted load is checked again, and its mistake reported', () => {
  const first = loadProject({ root: project.dir });
  assert.ok(first.project);
  // A schema mistake (`retries` must be an integer) that only the schema checks catch.
  project.write('scenarios/a.scenario.yaml', 'name: a\nretries: many\nsteps:\n  - http: GET /health\n');
  const again = loadProject({ root: project.dir, trustedDigest: first.digest });
  assert.notEqual(again.digest, first.digest);
  assert.equal(again.project, undefined);
  assert.ok(
    again.diagnostics.some((d) => d.code === 'REHEARSE_WRONG_TYPE' && d.line === 2),
    JSON.stringify(again.diagnostics),
  );
});
