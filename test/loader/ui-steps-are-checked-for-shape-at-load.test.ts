// `ui:` steps are checked for shape when the project loads: the operation key (a did-you-mean for
// `clik:`), each locator (one base key, a did-you-mean for `lable:`, a role Playwright accepts,
// name only with role, one of nth/first/last, nth a whole number ≥ 0), regular expressions, the
// save sources — each at file:line:col. A well-formed ui step list loads without a word, and what
// it saves is in scope for the steps after it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { uiStepPlaces } from '../../src/loader/ui-step-places.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const GOOD = [
  'name: ui-good',
  'steps:',
  '  - ui: { goto: /orders/new }',
  '  - ui: { select: { label: Customer, exact: true }, option: C-ACME }',
  '  - ui: { fill: { label: Line 1 quantity }, value: 2 }',
  '  - ui: { click: { role: button, name: Create order }, waitForResponse: { url: "**/orders/new", status: 303 } }',
  "  - ui: { expectUrl: '/orders/SO-*' }",
  '  - ui: { expect: { role: heading, level: 1, name: { matches: "^Order SO-\\\\d+$" } } }',
  '  - ui: { expect: { role: status }, text: created }',
  '  - ui:',
  '      save:',
  "        number: { urlPath: '/orders/:number' }",
  '        subtotal: { text: { css: dl.facts dd, nth: 2 } }',
  '  - ui:',
  '      save:',
  '        status:',
  '          cell:',
  '            table: { role: table, name: Sales orders }',
  '            row: { hasText: "{{ number }}" }',
  '            column: Status',
  '  - ui: { click: { role: row, filter: { hasText: "{{ number }}", has: { role: link } }, within: { role: table } } }',
  '  - ui: { expect: { role: row }, count: 3 }',
  "  - ui: { screenshot: 'after {{ number }}' }",
  '    name: picture',
  '    timeout: 5s',
  '  - expect: { status: { exists: true }, subtotal: { exists: true } }',
  'drivers: [ui]',
  '',
].join('\n');

const BAD = [
  'name: ui-bad',
  'steps:',
  '  - ui: { clik: { role: button, name: Allocate } }', // 3
  '  - ui: { click: { lable: Customer } }', // 4
  '  - ui: { click: { role: buton, name: Ship } }', // 5
  '  - ui: { click: { label: Customer, text: Acme } }', // 6
  '  - ui: { click: { name: Allocate } }', // 7
  '  - ui: { click: { role: row, nth: -1 } }', // 8
  '  - ui: { click: { role: row, first: true, last: true } }', // 9
  '  - ui: { expect: { text: { matches: "SO-(" } } }', // 10
  '  - ui: { fill: { label: Quantity }, valeu: 2 }', // 11
  '  - ui: { click: { role: button }, fill: { label: Quantity } }', // 12
  '  - ui: { save: { n: { txt: { testId: order-number } } } }', // 13
  '  - ui: { click: { role: button, within: { rol: table } } }', // 14
  "  - ui: { save: { n: { urlPath: '/orders/number' } } }", // 15
  '  - ui: { click: { role: button, name: "{{ nothing }}" } }', // 16
  '  - ui: { click: { role: button }, timeout: 2s }', // 17
  '  - set: { i: 1 }', // 18
  "  - ui: { click: { role: row, nth: '{{ i }}' } }", // 19
  'drivers: [ui]',
  '',
].join('\n');

let project: TempProject;
before(() => {
  project = tempProject({
    'scenarios/ui-good.scenario.yaml': GOOD,
    'scenarios/ui-bad.scenario.yaml': BAD,
  });
});
after(() => project.remove());

describe('ui steps at load time', () => {
  test('a well-formed ui step list loads without a problem', () => {
    const { diagnostics } = loadProject({ root: project.dir });
    const good = diagnostics.filter((d) => d.file?.includes('ui-good'));
    assert.deepEqual(good, []);
  });

  test('each malformed ui step is refused at its file:line:col with what was expected and a did-you-mean', () => {
    const found = loadProject({ root: project.dir })
      .diagnostics.filter((d) => d.file?.includes('ui-bad'))
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint ?? ''}`);
    const expect = (pattern: RegExp) =>
      assert.ok(
        found.some((line) => pattern.test(line)),
        `${pattern} not in:\n${found.join('\n')}`,
      );
    expect(/^3:11 REHEARSE_UNKNOWN_UI_OPERATION Unknown ui operation "clik"\. \| Did you mean "click"\?/);
    expect(/^4:20 REHEARSE_UNKNOWN_KEY Unknown key "lable"\. \| Did you mean "label"\?/);
    expect(/^5:26 REHEARSE_UNKNOWN_ROLE Unknown ARIA role "buton"\. \| Did you mean "button"\?/);
    expect(/^6:37 REHEARSE_INVALID_LOCATOR A locator finds elements one way, but this one has "label" and "text"\./);
    expect(/^7:20 REHEARSE_INVALID_LOCATOR "name" refines a role locator, but this locator has no "role"\./);
    expect(/^8:36 REHEARSE_OUT_OF_RANGE Value -1 is too small: it must be at least 0\./);
    expect(/^9:44 REHEARSE_INVALID_LOCATOR A locator picks one match one way/);
    expect(/^10:38 REHEARSE_INVALID_REGEX Failed to read the regular expression "SO-\("/);
    expect(/^11:38 REHEARSE_UNKNOWN_KEY Unknown key "valeu"\. \| Did you mean "value"\?/);
    expect(/^12:36 REHEARSE_CONFLICTING_KEYS A ui step does one operation, but this one has "click" and "fill"\./);
    expect(/^13:24 REHEARSE_UNKNOWN_KEY Unknown source "txt" for a saved value\. \| Did you mean "text"\?/);
    expect(/^14:44 REHEARSE_UNKNOWN_KEY Unknown key "rol"\. \| Did you mean "role"\?/);
    expect(/^15:33 REHEARSE_INVALID_FORMAT The path pattern "\/orders\/number" names 0 segments/);
    expect(/^16:44 REHEARSE_UNKNOWN_NAME Unknown variable "nothing"/);
    expect(/^17:36 REHEARSE_UNKNOWN_KEY Unknown key "timeout"\. \| "timeout" belongs to the step: write it beside ui:/);
    expect(/^19:36 REHEARSE_WRONG_TYPE Expected integer, got string "\{\{ i \}\}"\. \| nth takes a number as written/);
    assert.equal(found.length, 16, found.join('\n'));
  });

  test('rehearse validate exits 2 and points at the misspelt locator key in a code frame', async () => {
    const result = await runCli(['validate'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ui-bad\.scenario\.yaml:4:20 error REHEARSE_UNKNOWN_KEY/);
    assert.match(result.stderr, /> 4 \| {3}- ui: \{ click: \{ lable: Customer \} \}\n\s+\| {20}\^/);
  });

  test('uiStepPlaces finds every ui step, nested blocks included, in order', () => {
    const steps = [
      { ui: { goto: '/' } },
      { http: 'GET /x' },
      { eventually: { within: '5s' }, steps: [{ set: { a: 1 } }, { ui: { click: { text: 'x' } } }] },
      { as: 'regulated', steps: [{ repeat: 2, steps: [{ ui: { screenshot: 'y' } }] }] },
    ];
    assert.deepEqual(
      uiStepPlaces(steps, ['steps']).map((place) => place.path),
      [
        ['steps', 0],
        ['steps', 2, 'steps', 1],
        ['steps', 3, 'steps', 0, 'steps', 0],
      ],
    );
  });
});
