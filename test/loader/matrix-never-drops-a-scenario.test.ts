// A scenario the matrix would drop is a load error, never silently absent from list and run:
// a tenants selector that matches no profile, or a driver one of its actions lacks. And the
// matrix itself refuses a driver it cannot run rather than leaving its cells out.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import { loadProject } from '../../src/loader/load-project.js';
import { buildMatrix } from '../../src/loader/matrix.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

const load = (files: Record<string, string>) => {
  project = tempProject(files);
  return loadProject({ root: project.dir });
};
const found = (files: Record<string, string>) =>
  load(files).diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.hint ?? ''}`.trim());

describe('the matrix never drops a scenario silently', () => {
  test('a trait no profile has: at the trait, with a did-you-mean among the traits in use', () => {
    assert.deepEqual(
      found({ 'scenarios/s.scenario.yaml': 'name: s\ntenants: { traits: [regulatd] }\nsteps:\n  - wait: 1ms\n' }),
      ['REHEARSE_UNKNOWN_TRAIT scenarios/s.scenario.yaml:2:21 Did you mean "regulated"?'],
    );
  });

  test('traits that exist but never together: at the list', () => {
    const [problem] = found({
      'scenarios/s.scenario.yaml': 'name: s\ntenants: { traits: [edi, regulated] }\nsteps:\n  - wait: 1ms\n',
    });
    assert.match(
      problem!,
      /^REHEARSE_NO_TENANT_SELECTED scenarios\/s\.scenario\.yaml:2:20 .*edi: standard; regulated: regulated/,
    );
  });

  test('traits a profile has together select it', () => {
    const { project: loaded, diagnostics } = load({
      'scenarios/s.scenario.yaml': 'name: s\ntenants: { traits: [edi] }\nsteps:\n  - wait: 1ms\n',
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      buildMatrix(loaded!).map((e) => `${e.scenario.name}/${e.tenant}/${e.driver}`),
      ['s/standard/api'],
    );
  });

  test('a tenant file that failed to load does not turn every trait into "unknown"', () => {
    const codes = load({
      'tenant-profiles/regulated.yaml': 'name: regulated\ntraits: [regulated]\ncustomrs: []\n',
      'scenarios/s.scenario.yaml': 'name: s\ntenants: { traits: [regulated] }\nsteps:\n  - wait: 1ms\n',
    }).diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['REHEARSE_UNKNOWN_KEY']);
  });

  test('drivers: [api, ui] names the action without ui (reached through a fragment) at the drivers item', () => {
    const [problem] = load({
      'scenarios/fragments/f.yaml':
        'name: f\nsteps:\n  - repeat: 1\n    steps:\n      - do: order.cancel\n        with: { orderId: X }\n',
      'scenarios/s.scenario.yaml': 'name: s\ndrivers: [api, ui]\nsteps:\n  - include: f\n',
    }).diagnostics;
    assert.equal(problem?.code, 'REHEARSE_ACTION_LACKS_DRIVER');
    assert.equal(`${problem.file}:${problem.line}:${problem.column}`, 'scenarios/s.scenario.yaml:2:16');
    assert.match(problem.message, /action "order\.cancel" \(scenarios\/actions\/order\.yaml:\d+\) has no "ui:"/);
  });

  test('drivers: [api, ui] plans a cell per driver; a driver it cannot run is refused, not left out', () => {
    const { project: loaded } = load({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n' });
    const withDrivers = (drivers: string[]) => ({
      ...loaded!,
      scenarios: loaded!.scenarios.map((s) => ({
        ...s,
        scenario: { ...s.scenario, drivers: drivers as Array<'api' | 'ui'> },
      })),
    });
    assert.deepEqual(
      buildMatrix(withDrivers(['api', 'ui']), { tenants: ['standard'] }).map((e) => e.driver),
      ['api', 'ui'],
    );
    assert.deepEqual(
      buildMatrix(withDrivers(['api', 'ui']), { tenants: ['standard'], drivers: ['ui'] }).map((e) => e.driver),
      ['ui'],
    );
    assert.throws(
      () => buildMatrix(withDrivers(['api', 'desktop'])),
      (error: unknown) => error instanceof RehearseError && error.code === 'REHEARSE_DRIVER_UNAVAILABLE',
    );
  });
});
