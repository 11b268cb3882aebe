// Actions with two implementations: the loader follows, per driver, the implementation that driver
// runs (no fallback from ui: to api:), refuses ui steps wherever an api run would reach them, an
// action with no implementation, and a config ui.login that cannot sign in — each at file:line:col.
// (Until the ui step language is merged, a `ui:` step is also an unknown step kind: the checks
// here look for their own codes only.)
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { buildMatrix } from '../../src/loader/matrix.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

const OURS = new Set([
  'REHEARSE_ACTION_LACKS_DRIVER',
  'REHEARSE_UI_STEP_NOT_ALLOWED',
  'REHEARSE_ACTION_NO_IMPLEMENTATION',
  'REHEARSE_UNKNOWN_ACTION',
  'REHEARSE_MISSING_PARAMETER',
  'REHEARSE_ACTION_CYCLE',
]);
const found = (files: Record<string, string>) => {
  project = tempProject(files);
  return loadProject({ root: project.dir })
    .diagnostics.filter((d) => OURS.has(d.code))
    .map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
};

// nav.open has both; nav.uiOnly only ui:, and its ui: does nav.apiOnly, which has only api:.
const ACTIONS = [
  'actions:',
  '  nav.open:',
  '    api:',
  '      - http: GET /api/orders',
  '    ui:',
  '      steps:',
  '        - do: nav.uiOnly',
  '      returns: { via: ui }',
  '  nav.uiOnly:',
  '    ui:',
  '      - do: nav.apiOnly',
  '  nav.apiOnly:',
  '    api:',
  '      - http: GET /health',
  '',
].join('\n');

describe('each driver runs its own implementation of an action', () => {
  test('an api run follows api: only, a ui run ui: only: the action a ui: implementation reaches must have ui:', () => {
    assert.deepEqual(
      found({
        'scenarios/actions/nav.yaml': ACTIONS,
        'scenarios/api.scenario.yaml': 'name: api-only\nsteps:\n  - do: nav.open\n',
        'scenarios/both.scenario.yaml': 'name: both\ndrivers: [api, ui]\nsteps:\n  - do: nav.open\n',
      }),
      // nav.open → (ui) nav.uiOnly → (ui) nav.apiOnly, which has no ui:; the api run reaches only nav.open.
      ['REHEARSE_ACTION_LACKS_DRIVER scenarios/both.scenario.yaml:2:16'],
    );
  });

  test('an action with only ui: in a scenario with the default drivers is refused at its do (the action name)', () => {
    assert.deepEqual(
      found({
        'scenarios/actions/nav.yaml': ACTIONS,
        'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n  - do: nav.uiOnly\n',
      }),
      ['REHEARSE_ACTION_LACKS_DRIVER scenarios/s.scenario.yaml:4:9'],
    );
  });

  test('drivers: [ui] with ui-only actions loads, and plans only ui cells', () => {
    project = tempProject({
      'scenarios/actions/nav.yaml': ACTIONS.replace('  nav.apiOnly:\n    api:', '  nav.apiOnly:\n    ui:'),
      'scenarios/s.scenario.yaml': 'name: s\ndrivers: [ui]\nsteps:\n  - do: nav.uiOnly\n',
    });
    const loaded = loadProject({ root: project.dir });
    assert.deepEqual(loaded.diagnostics, []);
    assert.deepEqual(
      buildMatrix(loaded.project!).map((e) => `${e.tenant}/${e.driver}`),
      ['regulated/ui', 'standard/ui'],
    );
  });

  test('ui steps: refused in an api: implementation, in an api run and in a fragment an api run includes', () => {
    const problems = found({
      'scenarios/actions/nav.yaml':
        'actions:\n  nav.go:\n    api:\n      - http: GET /x\n      - ui: { goto: /orders }\n',
      'scenarios/fragments/f.yaml': 'name: f\nsteps:\n  - repeat: 1\n    steps:\n      - ui: { goto: /orders }\n',
      'scenarios/a.scenario.yaml': 'name: a\nsteps:\n  - include: f\n  - ui: { goto: /x }\n',
      'scenarios/b.scenario.yaml':
        'name: b\ndrivers: [api, ui]\ncleanup:\n  - ui: { goto: /x }\nsteps:\n  - wait: 1ms\n',
      'scenarios/c.scenario.yaml': 'name: c\ndrivers: [ui]\nsteps:\n  - include: f\n  - ui: { goto: /x }\n',
    });
    assert.deepEqual(problems.sort(), [
      'REHEARSE_UI_STEP_NOT_ALLOWED scenarios/a.scenario.yaml:3:14',
      'REHEARSE_UI_STEP_NOT_ALLOWED scenarios/a.scenario.yaml:4:5',
      'REHEARSE_UI_STEP_NOT_ALLOWED scenarios/actions/nav.yaml:5:9',
      'REHEARSE_UI_STEP_NOT_ALLOWED scenarios/b.scenario.yaml:4:5',
    ]);
  });

  test('the fragment case names where its ui step is written', () => {
    project = tempProject({
      'scenarios/fragments/f.yaml': 'name: f\nsteps:\n  - ui: { goto: /orders }\n',
      'scenarios/a.scenario.yaml': 'name: a\nsteps:\n  - include: f\n',
    });
    const problem = loadProject({ root: project.dir }).diagnostics.find(
      (d) => d.code === 'REHEARSE_UI_STEP_NOT_ALLOWED',
    );
    assert.match(problem?.message ?? '', /Fragment "f" holds a ui step \(scenarios\/fragments\/f\.yaml:3:5\)/);
    assert.match(problem?.hint ?? '', /drivers: \[ui\]/);
  });

  test('an action with neither api: nor ui:, and a cycle through a ui: implementation', () => {
    assert.deepEqual(
      found({
        'scenarios/actions/x.yaml': [
          'actions:',
          '  x.none:',
          '    description: nothing',
          '  x.loop:',
          '    api:',
          '      - http: GET /x',
          '    ui:',
          '      - do: x.loop',
          '',
        ].join('\n'),
        'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n',
      }).sort(),
      [
        'REHEARSE_ACTION_CYCLE scenarios/actions/x.yaml:8:13',
        'REHEARSE_ACTION_NO_IMPLEMENTATION scenarios/actions/x.yaml:2:3',
      ],
    );
  });

  test('config ui.login: an action that exists, has ui:, and needs no parameter the driver does not pass', () => {
    const config = (login: string) =>
      `environments:\n  sandbox:\n    embedded: sandbox\n    allowedHosts: [127.0.0.1]\nui: { login: ${login} }\n`;
    const actions = [
      'actions:',
      '  session.apiLogin:',
      '    api:',
      '      - http: POST /api/auth/login',
      '  session.needsMore:',
      '    params: { username: { type: string, required: true }, otp: { type: string, required: true } }',
      '    ui:',
      '      - http: POST /login',
      '',
    ].join('\n');
    const base = {
      'scenarios/actions/session.yaml': actions,
      'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n',
    };
    assert.deepEqual(found({ ...base, 'rehearse.config.yaml': config('session.lgin') }), [
      'REHEARSE_UNKNOWN_ACTION rehearse.config.yaml:5:14',
    ]);
    assert.deepEqual(found({ ...base, 'rehearse.config.yaml': config('session.apiLogin') }), [
      'REHEARSE_ACTION_LACKS_DRIVER rehearse.config.yaml:5:14',
    ]);
    assert.deepEqual(found({ ...base, 'rehearse.config.yaml': config('session.needsMore') }), [
      'REHEARSE_MISSING_PARAMETER rehearse.config.yaml:5:14',
    ]);
  });
});
