// A malformed `expect` key or `save` path is a load-time error at the character at fault
// (REHEARSE_INVALID_PATH), never a path that runs and silently reads "missing"; well-formed
// paths with quoted keys and names in any script load.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const SCENARIO = [
  'name: paths',
  'steps:',
  '  - http: GET /x',
  '    expect:',
  '      body..zip: 1', // 5: offset 5 → column 12
  '      \'body["a]b"]\': 2',
  '      "body[\'x.y\'].z": 3',
  '      body.größe: 4',
  '      body.数量: 5',
  '      body[abc]: 6', // 10
  '    save:',
  '      id: body.items[0', // 12
  '      ok: body["say \\"hi\\""]',
  '      dyn: "{{ which }}"',
  '  - expect: { "lines[0].qty": 1, "lines[0]qty": 2 }', // 15
  '',
].join('\n');

let project: TempProject;
before(() => {
  project = tempProject({ 'scenarios/paths.scenario.yaml': SCENARIO });
});
after(() => project.remove());

describe('paths at load time', () => {
  test('a malformed path is REHEARSE_INVALID_PATH at the character at fault; good ones pass', () => {
    const found = loadProject({ root: project.dir })
      .diagnostics.filter((d) => d.code === 'REHEARSE_INVALID_PATH')
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
    assert.deepEqual(found, [
      'scenarios/paths.scenario.yaml:5:12 Failed to read the path "body..zip": empty name between two ".".',
      'scenarios/paths.scenario.yaml:10:12 Failed to read the path "body[abc]": expected a number, * or a quoted key inside [], got "abc".',
      'scenarios/paths.scenario.yaml:12:21 Failed to read the path "body.items[0": unclosed "[".',
      'scenarios/paths.scenario.yaml:15:43 Failed to read the path "lines[0]qty": expected ".", "[" or the end of the path, got "q".',
    ]);
  });

  test('validate exits 2 and shows the path in a code frame', async () => {
    const result = await runCli(['validate'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /paths\.scenario\.yaml:5:12 error REHEARSE_INVALID_PATH/);
    assert.match(result.stderr, /> 5 \| {7}body\.\.zip: 1\n\s+\|\s{12}\^/);
  });
});
