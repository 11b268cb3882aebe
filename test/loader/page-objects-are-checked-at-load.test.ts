// Page objects (definePage in modules under pages/) are loaded with the project, without a
// browser: their names and parameters are what `ui: { page: }` steps are checked against, and a
// module that fails to import, a malformed page object or a name declared twice is a load error
// with its file and line.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
let project: TempProject | undefined;
afterEach(() => project?.remove());

const SCENARIO = 'name: s\ndrivers: [ui]\nsteps:\n  - http: GET /health\n';

const LINES = [
  "import { definePage } from 'rehearse/ui';",
  '',
  'export const lines = definePage({',
  "  name: 'orderScreen.lines',",
  "  params: { orderId: { type: 'string', required: true }, max: { type: 'integer', default: 10 } },",
  '  run: async (page, { orderId, max }) => ({ lines: [orderId, max] }),',
  '});',
  '',
].join('\n');

function withPages(files: Record<string, string>): TempProject {
  const p = tempProject({ 'scenarios/s.scenario.yaml': SCENARIO, ...files });
  mkdirSync(join(p.dir, 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(p.dir, 'node_modules', 'rehearse'), 'dir');
  return p;
}

const at = (d: { file?: string; line?: number; column?: number; code: string }) =>
  `${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ''} ${d.code}`;

describe('page objects are checked at load', () => {
  test('a valid page object is registered by name, at the line that names it', () => {
    project = withPages({ 'pages/order-screen.ts': LINES });
    const loaded = loadProject({ root: project.dir });
    assert.ok(loaded.project, JSON.stringify(loaded.diagnostics));
    const entry = loaded.project.pages?.get('orderScreen.lines');
    assert.ok(entry);
    assert.deepEqual(entry.origin, { file: 'pages/order-screen.ts', line: 4, column: 9 });
    assert.deepEqual(Object.keys(entry.page.params ?? {}), ['orderId', 'max']);
  });

  test('calls are checked against the parameters; expect and save beside page are not operations; what it saves is in scope', () => {
    project = withPages({
      'pages/order-screen.ts': LINES,
      'scenarios/s.scenario.yaml': [
        'name: s',
        'drivers: [ui]',
        'steps:',
        "  - ui: { page: orderScreen.lines, with: { orderId: SO-1, max: 2 }, expect: { 'lines[0]': SO-1 }, save: { got: lines } }",
        '  - expect: { got: { length: 2 } }',
        "  - ui: { page: orderScreen.lines, with: { ordrId: SO-1, max: '{{ got[1] }}' } }",
        '  - ui: { page: orderScreen.lines, with: { orderId: SO-1, max: 2.5 } }',
        '  - ui: { page: orderScreen.lines, with: { orderId: SO-1 }, click: { role: button } }',
        '  - ui: { page: orderScreen.lines, wiht: { orderId: SO-1 } }',
        '  - ui: { page: orderScreen.lines, with: { orderId: SO-1 } }',
        '',
      ].join('\n'),
    });
    const loaded = loadProject({ root: project.dir });
    const problems = loaded.diagnostics.filter((d) => d.severity !== 'warning');
    assert.deepEqual(problems.map(at), [
      'scenarios/s.scenario.yaml:6:44 REHEARSE_UNKNOWN_PARAMETER',
      'scenarios/s.scenario.yaml:6:9 REHEARSE_MISSING_PARAMETER',
      'scenarios/s.scenario.yaml:7:64 REHEARSE_PARAMETER_TYPE',
      'scenarios/s.scenario.yaml:8:61 REHEARSE_CONFLICTING_KEYS',
      'scenarios/s.scenario.yaml:9:36 REHEARSE_UNKNOWN_KEY',
      'scenarios/s.scenario.yaml:9:9 REHEARSE_MISSING_PARAMETER',
    ]);
    assert.match(problems[0]!.hint ?? '', /Did you mean "orderId"\?/);
    assert.match(problems[2]!.message, /must be integer, got number/);
  });

  test('a module that fails to import, a malformed page object, a name declared twice; a module without one is a warning', () => {
    project = withPages({
      'pages/order-screen.ts': LINES,
      'pages/again.ts': LINES.replace('export const lines', 'export const again'),
      'pages/throws.ts':
        "import { definePage } from 'rehearse/ui';\n\nconst x: number = 1;\nthrow new Error(`no screen ${x}`);\nexport default definePage({ name: 'a', run: () => 1 });\n",
      'pages/broken.ts': 'export const = 1;\n',
      'pages/bad.ts': [
        "import { definePage } from 'rehearse/ui';",
        "export const bad = definePage({ name: 'order screen', run: () => 1 });",
        "export const typo = definePage({ name: 'typo', params: { n: { type: 'int' as 'integer' } }, run: () => 1 });",
        '',
      ].join('\n'),
      'pages/helpers.ts': 'export const quantity = (text: string) => Number(text);\n',
    });
    const loaded = loadProject({ root: project.dir });
    assert.equal(loaded.project, undefined);
    const lines = loaded.diagnostics.map((d) => `${at(d)}${d.severity === 'warning' ? ' (warning)' : ''}`);
    for (const expected of [
      'pages/order-screen.ts:4:9 REHEARSE_DUPLICATE_NAME',
      'pages/throws.ts:4:7 REHEARSE_PAGE_OBJECT_LOAD_FAILED',
      'pages/bad.ts:2:39 REHEARSE_PAGE_OBJECT_INVALID',
      'pages/bad.ts:3:40 REHEARSE_PAGE_OBJECT_INVALID',
      'pages/helpers.ts:undefined REHEARSE_NO_PAGE_OBJECTS (warning)',
    ])
      assert.ok(lines.includes(expected), `${expected} in\n${lines.join('\n')}`);
    const broken = loaded.diagnostics.find((d) => d.file === 'pages/broken.ts');
    assert.equal(broken?.code, 'REHEARSE_PAGE_OBJECT_LOAD_FAILED');
    // esbuild's own words and position, not tsx's "Transform failed with 1 error:" above them.
    assert.match(
      broken.message,
      /Failed to load the page objects of pages\/broken\.ts: Expected identifier but found "="\.$/,
    );
    assert.deepEqual([broken.line, broken.column], [1, 14]);
    const thrown = loaded.diagnostics.find((d) => d.file === 'pages/throws.ts');
    assert.match(thrown?.message ?? '', /no screen 1/);
  });
});
