// The engine reads step kinds from src/schema/step-kinds.ts, which has no TypeBox (a Playwright
// worker imports it without TypeBox's modules); the schemas in steps.ts are the source of truth.
// The compiler checks the two name the same kinds; this checks the order, which decides how a
// step with two kind keys is read and how kinds are listed in messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHALLOW_STEP_SCHEMAS } from '../../src/schema/steps.js';
import { STEP_KIND_NAMES, stepKindOf } from '../../src/schema/step-kinds.js';
import { ParamType } from '../../src/schema/action.js';
import { PARAM_TYPE_NAMES } from '../../src/schema/page-object.js';

test('the step kinds are the schemas keys, in their order', () => {
  assert.deepEqual([...STEP_KIND_NAMES], Object.keys(SHALLOW_STEP_SCHEMAS));
});

test('a step is read by its kind key; expect and as alone are kinds; two kinds are ambiguous', () => {
  assert.deepEqual(stepKindOf({ http: 'GET /x', expect: { status: 200 } }), { kind: 'http' });
  assert.deepEqual(stepKindOf({ expect: { 'a.b': 1 } }), { kind: 'expect' });
  assert.deepEqual(stepKindOf({ as: 'regulated', steps: [] }), { kind: 'as' });
  assert.deepEqual(stepKindOf({ http: 'GET /x', do: 'order.create' }), { ambiguous: ['http', 'do'] });
  assert.deepEqual(stepKindOf({ name: 'nothing' }), {});
});

test("the parameter types a page object may declare are the action schema's", () => {
  assert.deepEqual(
    ParamType.anyOf.map((t: { const: string }) => t.const),
    [...PARAM_TYPE_NAMES],
  );
});
