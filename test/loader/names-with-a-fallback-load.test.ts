// The load-time name checks accept `??` fallbacks for names that may be unset (as
// docs/expressions.md says): a name read in the left operand of `??` is not an error. A near miss
// of a defined name there is a warning with a did-you-mean (the default would always be used);
// without `??` an unknown name stays an error, and so does an unknown function anywhere.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject } from '../helpers/temp-project.js';

const SCENARIO = [
  'name: fallbacks',
  'steps:',
  "  - if: '{{ (orderId ?? null) != null }}'", // 3: orderId is saved only later
  '    http: GET /orders/{{ orderId ?? "none" }}',
  '  - http: GET /x/{{ maybe.id ?? maybe2[0] ?? "" }}',
  '  - http: POST /orders',
  '    save: { orderId: body.id }',
  '  - http: GET /y/{{ ordrId ?? "none" }}', // 8: a near miss of orderId
  '  - http: GET /z/{{ missing }}', // 9
  '  - http: GET /w/{{ uper(orderId) ?? "x" }}', // 10
  '',
].join('\n');

const project = tempProject({ 'scenarios/fallbacks.scenario.yaml': SCENARIO });
after(() => project.remove());

test('names read with a ?? default load; near misses warn; other unknown names and functions are errors', () => {
  const { diagnostics } = loadProject({ root: project.dir });
  assert.deepEqual(
    diagnostics.map((d) => `${d.line}:${d.column} ${d.severity ?? 'error'} ${d.code} ${d.hint ?? ''}`),
    [
      '8:21 warning REHEARSE_UNKNOWN_NAME Did you mean "orderId"?',
      '9:21 error REHEARSE_UNKNOWN_NAME Valid names: "orderId", "tenant", "env", "run", "vars", "fake", "date", "now", "today", "response".',
      '10:21 error REHEARSE_UNKNOWN_FUNCTION Did you mean "upper"?',
    ],
  );
});
