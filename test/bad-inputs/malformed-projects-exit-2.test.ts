// Every malformed project in cases/ is refused by the real CLI: the exit code, the exact
// file:line:col, the error code and a message fragment, no stack trace, bounded CPU and output.
// Cases with a `run` entry are also refused by `rehearse run` before it starts anything.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { judge, listCases, prepareProject, runCase } from './bad-input-case.js';

const cases = listCases();

describe('malformed projects are refused with a position, a code and a reason', { concurrency: 2 }, () => {
  test('the corpus is large enough to mean something', () => {
    assert.ok(cases.length >= 10, `${cases.length} cases`);
  });
  for (const { dir, spec } of cases) {
    const checks = [{ mode: 'validate', args: spec.args, expect: spec.expect }];
    if (spec.run) checks.push({ mode: 'run', args: spec.run.args, expect: spec.run.expect });
    for (const check of checks) {
      test(`${spec.id} [${check.mode}]: ${spec.title}`, async () => {
        const root = await prepareProject(dir, spec);
        try {
          const answer = await runCase(root, check.args, spec, check.mode === 'run' ? 90_000 : 30_000);
          const problems = judge(answer, check.expect, spec.code, root);
          assert.deepEqual(problems, [], `${problems.join('; ')}\n--- output ---\n${answer.output.slice(0, 3000)}`);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      });
    }
  }
});
