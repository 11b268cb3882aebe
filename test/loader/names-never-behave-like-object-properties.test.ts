// A user's name that every JavaScript object already has (constructor, __proto__, toString…)
// never finds Object.prototype's property: such names are refused where a user defines them,
// and a lookup by a user's name (--env, --tenant, with:) finds only what the user defined.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import { resolveEnvironment } from '../../src/environment/resolve-environment.js';
import { loadProject } from '../../src/loader/load-project.js';
import { buildMatrix } from '../../src/loader/matrix.js';
import { DEFAULT_CONFIG } from '../../src/loader/project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

const codes = (files: Record<string, string>, environment?: string) => {
  project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: GET /health\n', ...files });
  return loadProject({ root: project.dir, environment }).diagnostics.map(
    (d) => `${d.code} ${d.file}:${d.line}:${d.column}`,
  );
};

describe('names of Object.prototype', () => {
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    test(`"${name}" is refused as a variable, a parameter and a saved name`, () => {
      assert.deepEqual(
        codes({
          'scenarios/s.scenario.yaml': `name: s\nvars: { ${name}: 1 }\nsteps:\n  - http: GET /health\n    save: { ${name}: status }\n`,
          'scenarios/fragments/f.yaml': `name: f\nparams:\n  ${name}: { type: string }\nsteps:\n  - wait: 1ms\n`,
        }),
        [
          'REHEARSE_RESERVED_NAME scenarios/fragments/f.yaml:3:3',
          'REHEARSE_RESERVED_NAME scenarios/s.scenario.yaml:2:9',
          'REHEARSE_RESERVED_NAME scenarios/s.scenario.yaml:5:13',
        ],
      );
    });
  }

  test('"constructor" is refused as an environment and a tenant profile name', () => {
    assert.deepEqual(
      codes({
        'rehearse.config.yaml':
          'environments:\n  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }\n  constructor: { embedded: sandbox, allowedHosts: [127.0.0.1] }\n',
        'tenant-profiles/c.yaml': 'name: constructor\n',
      }),
      ['REHEARSE_RESERVED_NAME rehearse.config.yaml:3:3', 'REHEARSE_RESERVED_NAME tenant-profiles/c.yaml:1:7'],
    );
  });

  test('--env constructor / toString is an unknown environment, in the loader and in resolveEnvironment', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      assert.deepEqual(
        codes({}, name).map((c) => c.split(' ')[0]),
        ['REHEARSE_UNKNOWN_ENVIRONMENT'],
        name,
      );
      assert.throws(
        () => resolveEnvironment({ config: DEFAULT_CONFIG, name }),
        (error: unknown) => error instanceof RehearseError && error.code === 'REHEARSE_UNKNOWN_ENVIRONMENT',
      );
    }
  });

  test('with: { toString: … } is an unknown parameter, not one every action has', () => {
    assert.deepEqual(
      codes({
        'scenarios/s.scenario.yaml':
          'name: s\nsteps:\n  - do: order.allocate\n    with: { orderId: SO-1, toString: x }\n',
      }),
      ['REHEARSE_UNKNOWN_PARAMETER scenarios/s.scenario.yaml:4:28'],
    );
  });

  test('--tenant constructor selects no tenant: an unknown tenant, not a crash', () => {
    project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: GET /health\n' });
    const { project: loaded } = loadProject({ root: project.dir });
    assert.ok(loaded);
    assert.throws(
      () => buildMatrix(loaded, { tenants: ['constructor'] }),
      (error: unknown) => error instanceof RehearseError && error.code === 'REHEARSE_UNKNOWN_TENANT',
    );
  });
});
