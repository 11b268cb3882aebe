// An expression's built-in roots (tenant, env, run, vars, fake, date, now, today) always win over
// a user's name, so a parameter, variable, saved value, `set:` or loop variable of that name would
// never be read — the value passed in silently replaced by the built-in. Each is refused where it
// is defined, with its position and a rename hint.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { formatDiagnostics } from '../../src/core/format-diagnostics.js';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

const ROOTS = ['tenant', 'env', 'run', 'vars', 'fake', 'date', 'now', 'today'];

describe('built-in roots are not user names', () => {
  for (const name of ROOTS) {
    test(`"${name}" is refused as a variable, a parameter, a set, a saved name and a loop variable`, () => {
      project = tempProject({
        'scenarios/s.scenario.yaml': [
          'name: s',
          `vars: { ${name}: 1 }`,
          'steps:',
          '  - http: GET /health',
          `    save: { ${name}: status }`,
          `  - set: { ${name}: 2 }`,
          '  - repeat: 2',
          `    as: ${name}`,
          '    steps:',
          '      - wait: 1ms',
          '',
        ].join('\n'),
        'scenarios/fragments/f.yaml': `name: f\nparams:\n  ${name}: { type: string }\nsteps:\n  - wait: 1ms\n`,
      });
      const loaded = loadProject({ root: project.dir });
      const reserved = loaded.diagnostics.filter((d) => d.code === 'REHEARSE_RESERVED_NAME');
      assert.deepEqual(
        reserved.map((d) => `${d.file}:${d.line}:${d.column}`),
        [
          'scenarios/fragments/f.yaml:3:3',
          'scenarios/s.scenario.yaml:2:9',
          'scenarios/s.scenario.yaml:5:13',
          'scenarios/s.scenario.yaml:6:12',
          'scenarios/s.scenario.yaml:8:9',
        ],
        formatDiagnostics(loaded.diagnostics, { sources: loaded.sources }),
      );
      for (const d of reserved) {
        assert.match(
          d.message,
          new RegExp(
            `"${name}" cannot be a variable or parameter name: in an expression, ${name} always means the built-in`,
          ),
        );
        assert.match(d.hint ?? '', /^Rename it, e\.g\. "\w+", here and where it is read\.$/);
      }
    });
  }

  test('names that merely start like a root stay free (tenantCode, today2, dates, runs)', () => {
    project = tempProject({
      'scenarios/s.scenario.yaml': [
        'name: s',
        'vars: { tenantCode: 1, today2: 2, dates: 3, runs: 4, planningDate: 5 }',
        'steps:',
        '  - http: GET /health?d={{ planningDate }}&t={{ tenantCode }}',
        '',
      ].join('\n'),
    });
    const loaded = loadProject({ root: project.dir });
    assert.deepEqual(
      loaded.diagnostics.filter((d) => d.severity !== 'warning').map((d) => d.code),
      [],
      formatDiagnostics(loaded.diagnostics, { sources: loaded.sources }),
    );
  });
});
