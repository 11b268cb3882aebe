// Collection functions and their lambdas are checked before anything runs, each problem at its
// file:line:col: an unknown name inside a lambda body (its parameters are known there, and only
// there), wrong arity, a lambda where a value is expected, a value where a lambda is, a lambda
// that is not an argument, and `$` in an expression. `$` paths in expect and save load.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const SCENARIO = [
  'name: lambdas',
  'vars:',
  '  methods: [{ code: std, price: 5 }, { code: express, price: 12 }]',
  '  wanted: express',
  'steps:',
  "  - set: { price: '{{ find(methods, m => m.code == wanted).price }}' }", // 6: fine
  "  - set: { a: '{{ find(methods, m => m.code == wantd) }}' }", // 7: unknown name in the body
  "  - set: { b: '{{ filter(methods) }}' }", // 8: arity
  "  - set: { c: '{{ len(x => 1) }}' }", // 9: lambda where a value is expected
  '  - set: { d: \'{{ map(methods, "code") }}\' }', // 10: value where a lambda is expected
  "  - set: { e: '{{ x => 1 }}' }", // 11: a lambda that is not an argument
  "  - set: { f: '{{ m.code }}' }", // 12: a parameter is unknown outside its lambda
  "  - set: { g: '{{ $.body }}' }", // 13: $ in an expression
  '  - http: GET /x',
  '    expect: { $: { exists: true }, "$.status": 200 }',
  '    save: { whole: $, id: "$.body.id" }',
  '',
].join('\n');

let project: TempProject;
before(() => {
  project = tempProject({ 'scenarios/lambdas.scenario.yaml': SCENARIO });
});
after(() => project.remove());

describe('lambdas at load time', () => {
  test('each problem has its code and position; good lambdas and $ paths load', () => {
    const found = loadProject({ root: project.dir }).diagnostics.map(
      (d) => `${d.line}:${d.column} ${d.code} ${d.message}`,
    );
    assert.deepEqual(found, [
      '7:48 REHEARSE_UNKNOWN_NAME Unknown variable "wantd".',
      '8:19 REHEARSE_EXPR_ARGUMENTS filter() takes 2 arguments, got 1.',
      '9:23 REHEARSE_EXPR_ARGUMENTS len() takes a value as its first argument, not a lambda.',
      '10:32 REHEARSE_EXPR_ARGUMENTS map() needs a lambda as its second argument, such as x => x.qty > 0.',
      '11:19 REHEARSE_EXPR_SYNTAX Invalid expression: A lambda can only be an argument of a function that takes one.',
      '12:19 REHEARSE_UNKNOWN_NAME Unknown variable "m".',
      '13:19 REHEARSE_UNKNOWN_NAME Unknown variable "$".',
    ]);
  });

  test('validate exits 2 and says what to write instead', async () => {
    const result = await runCli(['validate'], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Did you mean "wanted"\?/);
    assert.match(result.stderr, /Call it as filter\(list, x => condition\)\./);
    assert.match(result.stderr, /"\$" is the whole result in an expect key or a save path/);
  });
});
