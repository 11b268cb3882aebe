// Fragments that include themselves and actions that run themselves, directly or through
// others, are refused at load time: once per cycle, at the step that closes it, naming the
// whole cycle. Shapes that only look like cycles (a diamond, a long chain) load.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const SCENARIO = { 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: GET /health\n' };
let project: TempProject | undefined;
afterEach(() => project?.remove());

function load(files: Record<string, string>) {
  project = tempProject({ ...SCENARIO, ...files });
  return loadProject({ root: project.dir });
}

const fragment = (name: string, ...includes: string[]) =>
  `name: ${name}\nsteps:\n${includes.map((i) => `  - include: ${i}\n`).join('') || '  - wait: 1ms\n'}`;

describe('include and do cycles', () => {
  test('a fragment that includes itself is one REHEARSE_INCLUDE_CYCLE at its include', () => {
    const { diagnostics } = load({ 'scenarios/fragments/a.yaml': fragment('a', 'a') });
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`),
      ['REHEARSE_INCLUDE_CYCLE scenarios/fragments/a.yaml:3:14'],
    );
    assert.match(diagnostics[0]!.message, /includes itself/);
  });

  test('a cycle through three fragments is reported once, naming every fragment in order', () => {
    const { diagnostics } = load({
      'scenarios/fragments/a.yaml': fragment('a', 'b'),
      'scenarios/fragments/b.yaml': fragment('b', 'c'),
      'scenarios/fragments/c.yaml': fragment('c', 'a'),
      'scenarios/t.scenario.yaml': 'name: t\nsteps:\n  - include: b\n',
    });
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0]!.code, 'REHEARSE_INCLUDE_CYCLE');
    assert.match(diagnostics[0]!.message, /a → b → c → a/);
  });

  test('two separate cycles are two problems', () => {
    const { diagnostics } = load({
      'scenarios/fragments/a.yaml': fragment('a', 'b'),
      'scenarios/fragments/b.yaml': fragment('b', 'a'),
      'scenarios/fragments/c.yaml': fragment('c', 'c'),
    });
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['REHEARSE_INCLUDE_CYCLE', 'REHEARSE_INCLUDE_CYCLE']);
  });

  test('an action that runs itself through another action is REHEARSE_ACTION_CYCLE', () => {
    const { diagnostics } = load({
      'scenarios/actions/loop.yaml': [
        'actions:',
        '  loop.ping:',
        '    api:',
        '      - eventually: { within: 1s }',
        '        steps:',
        '          - do: loop.pong',
        '  loop.pong:',
        '    api:',
        '      - do: loop.ping',
        '',
      ].join('\n'),
    });
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0]!.code, 'REHEARSE_ACTION_CYCLE');
    assert.match(diagnostics[0]!.message, /loop\.ping → loop\.pong → loop\.ping/);
  });

  test('a diamond (a includes b and c, both include d) is not a cycle', () => {
    const { project: loaded, diagnostics } = load({
      'scenarios/fragments/a.yaml': fragment('a', 'b', 'c'),
      'scenarios/fragments/b.yaml': fragment('b', 'd'),
      'scenarios/fragments/c.yaml': fragment('c', 'd'),
      'scenarios/fragments/d.yaml': fragment('d'),
    });
    assert.deepEqual(diagnostics, []);
    assert.ok(loaded);
  });

  test('a chain of 3,000 fragments loads without overflowing the stack', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++)
      files[`scenarios/fragments/f${i}.yaml`] = fragment(`f${i}`, ...(i < 2999 ? [`f${i + 1}`] : []));
    const { diagnostics } = load(files);
    assert.deepEqual(diagnostics, []);
  });
});
