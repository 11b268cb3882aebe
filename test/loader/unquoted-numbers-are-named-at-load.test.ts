// An unquoted YAML scalar that YAML 1.2 reads as a number with another text (`02134` → 2134,
// `1.10` → 1.1, `1e3`, `0x1F`, `0o17`, `+1`, `.5`) is named at load time: a warning where either
// a number or text may stand (variables, request values, expected values), an error where the
// schema wants text, nothing where it wants a number. What YAML 1.2 keeps as text (`NO`,
// `12_000`, `0b11`) and numbers written canonically (`10`, `1.5`) are not named.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const VARS = [
  'name: codes',
  'vars:',
  '  zip: 02134', // 3
  '  sku: 0070', // 4
  '  version: 1.10', // 5
  '  lot: 1e3', // 6
  '  code: 0x1F', // 7
  '  mode: 0o17', // 8
  '  delta: +1', // 9
  '  half: .5', // 10
  '  flag: NO',
  '  part: 12_000',
  '  bits: 0b11',
  '  count: 10',
  '  price: 1.5',
  '  quoted: "02134"',
  '  negative: -3',
  'steps:',
  '  - http: GET /echo', // 19
  '    expect: { status: 200, body.zip: 02134 }', // 20
  '  - repeat: 1e1', // 21: the schema wants a count here
  '    steps:',
  '      - http: GET /health',
  '',
].join('\n');

let project: TempProject;
before(() => {
  project = tempProject({ 'scenarios/codes.scenario.yaml': VARS });
});
after(() => project.remove());

const load = () => loadProject({ root: project.dir });
const where = (codes: string[]) => (d: { code: string; file?: string; line?: number; column?: number }) =>
  codes.includes(d.code) ? [`${d.code} ${d.file}:${d.line}:${d.column}`] : [];

describe('unquoted numbers that change their text', () => {
  test('are warnings at each value where a number or text may stand, and the project still loads', () => {
    const result = load();
    assert.ok(result.project, 'warnings do not refuse the project');
    const W = 'REHEARSE_YAML_NUMBER_CHANGES_TEXT scenarios/codes.scenario.yaml';
    assert.deepEqual(result.diagnostics.flatMap(where(['REHEARSE_YAML_NUMBER_CHANGES_TEXT'])), [
      `${W}:3:8`,
      `${W}:4:8`,
      `${W}:5:12`,
      `${W}:6:8`,
      `${W}:7:9`,
      `${W}:8:9`,
      `${W}:9:10`,
      `${W}:10:9`,
      `${W}:20:38`,
    ]);
    assert.ok(result.diagnostics.every((d) => d.severity === 'warning'));
  });

  test('say what YAML made of the text and how to keep it', () => {
    const zip = load().diagnostics.find((d) => d.line === 3)!;
    assert.match(zip.message, /02134 is read as the number 2134.*leading zeros are dropped/);
    assert.match(zip.hint ?? '', /Quote it \("02134"\)/);
    assert.equal(zip.path, 'vars.zip');
    const version = load().diagnostics.find((d) => d.line === 5)!;
    assert.match(version.message, /1\.10 is read as the number 1\.1.*zeros after the decimal point/);
  });

  test('are errors where the schema wants text', () => {
    project.write('tenant-profiles/coded.yaml', 'name: coded\ndescription: 1.10\ntraits: [edi, 0070]\n');
    try {
      const result = load();
      assert.equal(result.project, undefined);
      const coded = result.diagnostics.filter((d) => d.file === 'tenant-profiles/coded.yaml');
      assert.deepEqual(
        coded.map((d) => `${d.code} ${d.severity ?? 'error'} ${d.line}:${d.column}`),
        ['REHEARSE_YAML_NUMBER_FOR_TEXT error 2:14', 'REHEARSE_YAML_NUMBER_FOR_TEXT error 3:15'],
      );
      assert.match(coded[1]!.hint ?? '', /Quote it: "0070"/);
    } finally {
      project.write('tenant-profiles/coded.yaml', 'name: coded\n');
    }
  });

  test('validate prints them with a code frame and exits 0; --format json marks them as warnings', async () => {
    const text = await runCli(['validate'], { cwd: project.dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /scenarios\/codes\.scenario\.yaml:3:8 warning REHEARSE_YAML_NUMBER_CHANGES_TEXT/);
    assert.match(text.stderr, /> 3 \| {3}zip: 02134\n\s+\|\s+\^/);
    assert.match(text.stderr, /0 error\(s\), 9 warning\(s\)/);
    const json = await runCli(['validate', '--format', 'json'], { cwd: project.dir });
    assert.equal(json.code, 0);
    const report = JSON.parse(json.stdout) as { valid: boolean; problems: Array<{ severity?: string }> };
    assert.equal(report.valid, true);
    assert.equal(report.problems.length, 9);
    assert.ok(report.problems.every((p) => p.severity === 'warning'));
  });
});
