import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'yaml';
import { REPORTER_NAMES } from '../../src/playwright/run-layout.js';
import { runGithubWorkflow, runGitlabPipeline, type JobRun } from '../helpers/ci-example-runner.js';
import { runCli } from '../helpers/run-cli.js';
import { CHECKOUT } from '../helpers/report-files.js';

// The examples of examples/ci run here as a CI runner would run them (see ci-example-runner.ts for
// what is emulated and what refused), against the embedded sandbox. They read REHEARSE_ENV,
// REHEARSE_DRIVERS and REHEARSE_ARGS as repository / project variables: here the sandbox, the API
// driver and the 4 smoke scenarios of the standard tenant, so the file takes about a minute.
const VARIABLES = { REHEARSE_ENV: 'sandbox', REHEARSE_DRIVERS: 'api', REHEARSE_ARGS: '--tenant standard --tag smoke' };
const EXAMPLES = join(CHECKOUT, 'examples', 'ci');

let scratch: string;
let selected: string[];

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'rehearse-ci-examples-'));
  const list = await runCli(['list', '--tenant', 'standard', '--tag', 'smoke', '--format', 'json'], { cwd: CHECKOUT });
  assert.equal(list.code, 0, list.stderr);
  const entries = JSON.parse(list.stdout) as Array<{ file: string; tenant: string }>;
  selected = entries.map((e) => `${e.file} ${e.tenant}`).sort();
  assert.equal(selected.length, 4, `the examples' local selection: ${list.stdout}`);
});
after(() => rmSync(scratch, { recursive: true, force: true }));

const folder = (name: string) => {
  // No spaces: a project in a path with a space fails to load its partners' contracts (reported apart).
  const dir = join(scratch, name.replace(/[^A-Za-z0-9-]/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
};
const job = (runs: JobRun[], name: string) => {
  const found = runs.find((r) => r.name === name);
  assert.ok(found, `no job ${name} in ${runs.map((r) => r.name).join(', ')}`);
  return found;
};
const explain = (run: JobRun) =>
  run.steps.map((s) => `$ ${s.what}  [${s.code ?? s.note}]\n${s.output.slice(-3000)}`).join('\n');

/** The testcases of a JUnit file: "classname tenant" (hostname is the tenant) with their verdict. */
function junitCases(file: string): Array<{ key: string; failed: boolean }> {
  const xml = readFileSync(file, 'utf8');
  const cases: Array<{ key: string; failed: boolean }> = [];
  for (const suite of xml.matchAll(/<testsuite name="([^"]*)" hostname="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g))
    for (const testcase of suite[3]!.matchAll(/<testcase [^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g))
      cases.push({ key: `${suite[1]} ${suite[2]}`, failed: /<failure /.test(testcase[2] ?? '') });
  return cases;
}

/** The tests Playwright's HTML report holds ("file tenant", the tenant from its annotation), read from the base64 zip its index.html embeds. */
function htmlReportTests(indexHtml: string): { keys: string[]; title: string | undefined } {
  const html = readFileSync(indexHtml, 'utf8');
  const data = /playwrightReportBase64"[^>]*>data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html);
  assert.ok(data, `${indexHtml} embeds no report`);
  const report = JSON.parse(strFromU8(unzipSync(Buffer.from(data[1]!, 'base64'))['report.json']!)) as {
    files: Array<{ fileName: string; tests: Array<{ annotations: Array<{ type: string; description?: string }> }> }>;
    options?: { title?: string };
  };
  return {
    keys: report.files
      .flatMap((f) =>
        f.tests.map((t) => `${f.fileName} ${t.annotations.find((a) => a.type === 'tenant')?.description}`),
      )
      .sort(),
    title: report.options?.title,
  };
}

describe('every example is a valid CI file with a header saying what it does', () => {
  const files = ['github', 'gitlab'].flatMap((ci) => readdirSync(join(EXAMPLES, ci)).map((f) => join(EXAMPLES, ci, f)));
  test('six files, each parsed as YAML and opening with a comment', () => {
    assert.equal(files.length, 6, files.join('\n'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotThrow(() => parse(text), file);
      assert.match(text, /^# .+\n# .+/, `${file} opens with a comment header`);
    }
  });
});

describe('the post-deploy smoke gate', { concurrency: true }, () => {
  test('GitHub Actions: the smoke job passes (exit 0) and publishes a JUnit of the smoke tests', async () => {
    const runs = await runGithubWorkflow(join(EXAMPLES, 'github/smoke-gate.yml'), {
      variables: VARIABLES,
      scratch: folder('smoke-github'),
    });
    assert.equal(runs[0]!.code, 0, explain(runs[0]!));
    const cases = junitCases(join(runs[0]!.workspace, 'reports', 'junit.xml'));
    assert.deepEqual(cases.map((c) => c.key).sort(), selected);
    assert.ok(cases.every((c) => !c.failed));
  });

  test('GitLab CI against a broken release: the smoke job fails (exit 1) and its JUnit holds the failure', async () => {
    const runs = await runGitlabPipeline(join(EXAMPLES, 'gitlab/smoke-gate.gitlab-ci.yml'), {
      variables: VARIABLES,
      scratch: folder('smoke-gitlab'),
      machineEnv: { SANDBOX_DEFECTS: 'tax-rounding' },
    });
    assert.equal(runs[0]!.code, 1, explain(runs[0]!));
    const cases = junitCases(join(runs[0]!.workspace, 'reports', 'junit.xml'));
    assert.deepEqual(cases.map((c) => c.key).sort(), selected);
    assert.ok(cases.some((c) => c.failed));
  });
});

describe('the nightly regression', { concurrency: true }, () => {
  for (const [ci, file, runner] of [
    ['GitHub Actions', 'github/nightly-regression.yml', runGithubWorkflow],
    ['GitLab CI', 'gitlab/nightly-regression.gitlab-ci.yml', runGitlabPipeline],
  ] as const) {
    test(`${ci}: the reports it publishes are written`, async () => {
      const runs = await runner(join(EXAMPLES, file), { variables: VARIABLES, scratch: folder(`nightly-${ci}`) });
      const nightly = runs[0]!;
      assert.equal(nightly.code, 0, explain(nightly));
      const reports = join(nightly.workspace, 'reports');
      assert.ok(existsSync(join(reports, 'html', 'index.html')));
      // The summary the next night compares with (the example caches it).
      assert.ok(existsSync(join(reports, 'summary', 'summary.json')));
      assert.deepEqual(
        junitCases(join(reports, 'junit.xml'))
          .map((c) => c.key)
          .sort(),
        selected,
      );
      if ((REPORTER_NAMES as readonly string[]).includes('allure'))
        assert.ok(readdirSync(join(reports, 'allure-results')).some((f) => f.endsWith('-result.json')));
    });
  }
});

describe('the sharded regression and rehearse report merge', () => {
  let github: JobRun[];
  let gitlab: JobRun[];

  test('GitHub Actions: 3 shards and the merge job; the merged JUnit and HTML report hold every test once', async () => {
    github = await runGithubWorkflow(join(EXAMPLES, 'github/sharded-regression.yml'), {
      variables: VARIABLES,
      scratch: folder('sharded-github'),
    });
    assert.deepEqual(
      github.map((r) => r.name),
      ['shard 1/3', 'shard 2/3', 'shard 3/3', 'merge'],
    );
    for (const run of github) assert.equal(run.code, 0, `${run.name}\n${explain(run)}`);
    const merge = job(github, 'merge');
    const reports = join(merge.workspace, 'reports');
    assert.deepEqual(
      junitCases(join(reports, 'junit.xml'))
        .map((c) => c.key)
        .sort(),
      selected,
    );
    assert.deepEqual(htmlReportTests(join(reports, 'html', 'index.html')).keys, selected);
    assert.match(explain(merge), /Merged 3 blob report\(s\) \(3 of 3 shards\): 4 test\(s\), 4 passed/);
  });

  test('GitLab CI with a broken release: a shard fails, the merge job runs anyway and exits 1; each test once', async () => {
    gitlab = await runGitlabPipeline(join(EXAMPLES, 'gitlab/sharded-regression.gitlab-ci.yml'), {
      variables: VARIABLES,
      scratch: folder('sharded-gitlab'),
      machineEnv: { SANDBOX_DEFECTS: 'tax-rounding' },
    });
    assert.deepEqual(
      gitlab.map((r) => r.name),
      ['regression-shard 1/3', 'regression-shard 2/3', 'regression-shard 3/3', 'merge-reports'],
    );
    assert.ok(
      gitlab.slice(0, 3).some((r) => r.code === 1),
      gitlab.map(explain).join('\n'),
    );
    const merge = job(gitlab, 'merge-reports');
    assert.equal(merge.code, 1, explain(merge));
    const cases = junitCases(join(merge.workspace, 'reports', 'junit.xml'));
    assert.deepEqual(cases.map((c) => c.key).sort(), selected);
    // <failure>, not <error>: the JUnit read the merged rehearse-result.json (a check did not hold).
    assert.ok(
      cases.some((c) => c.failed),
      readFileSync(join(merge.workspace, 'reports', 'junit.xml'), 'utf8'),
    );
    assert.deepEqual(htmlReportTests(join(merge.workspace, 'reports', 'html', 'index.html')).keys, selected);
  });

  test('a merge of 2 of 3 shards warns, names the missing shard, marks the reports and exits 2', async () => {
    const blobs = folder('two-of-three');
    for (const shard of ['1', '3'])
      cpSync(join(folder('sharded-github'), 'artifacts', `blob-${shard}`), join(blobs, shard), { recursive: true });
    const out = folder('two-of-three-reports');
    const merged = await runCli(['report', 'merge', blobs, '--output', out], { cwd: folder('merge-cwd') });
    assert.equal(merged.code, 2, merged.stderr);
    assert.match(merged.stderr, /2 of 3 shards found \(1, 3\); shard 2 of 3 missing/);
    const html = htmlReportTests(join(out, 'html', 'index.html'));
    assert.equal(html.keys.length, 3);
    assert.match(html.title ?? '', /shard 2 of 3 missing/);
    assert.match(
      readFileSync(join(out, 'junit.xml'), 'utf8'),
      /<property name="incomplete" value="[^"]*shard 2 of 3 missing/,
    );
  });

  test('blobs of two runs, a shard twice, and an empty or missing folder are refused with exit 2', async () => {
    const cwd = folder('refusals');
    const mixed = folder('mixed');
    cpSync(join(folder('sharded-github'), 'artifacts', 'blob-1'), join(mixed, 'github'), { recursive: true });
    cpSync(join(job(gitlab, 'regression-shard 2/3').workspace, 'reports', 'blob'), join(mixed, 'gitlab'), {
      recursive: true,
    });
    const twoRuns = await runCli(['report', 'merge', mixed], { cwd });
    assert.equal(twoRuns.code, 2, twoRuns.stderr);
    assert.match(twoRuns.stderr, /REHEARSE_MERGE_MIXED_RUNS: .*2 different runs/);
    assert.match(twoRuns.stderr, /pipeline github:example\/rehearse-project\/\d+/);
    assert.match(twoRuns.stderr, /pipeline gitlab:example\/rehearse-project\/\d+/);

    const twice = folder('twice');
    for (const copy of ['a', 'b'])
      cpSync(join(folder('sharded-github'), 'artifacts', 'blob-1'), join(twice, copy), { recursive: true });
    const duplicate = await runCli(['report', 'merge', twice], { cwd });
    assert.equal(duplicate.code, 2, duplicate.stderr);
    assert.match(duplicate.stderr, /REHEARSE_MERGE_DUPLICATE_SHARD: .*shard 1 of 3 is there 2 times/);

    const empty = await runCli(['report', 'merge', folder('empty')], { cwd });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /REHEARSE_MERGE_NO_BLOBS: Failed to merge reports: no blob report/);
    const missing = await runCli(['report', 'merge'], { cwd });
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /REHEARSE_MERGE_NO_BLOBS: Failed to merge reports: there is no folder .*reports\/blob/,
    );
    const overwrite = await runCli(['report', 'merge', '--reporter', 'html,blob'], { cwd });
    assert.equal(overwrite.code, 2);
    assert.match(
      overwrite.stderr,
      /REHEARSE_INVALID_FLAG: Failed to read --reporter blob: the merged blob would go to/,
    );
    const unknown = await runCli(['report', 'merge', twice, '--reporter', 'junti'], { cwd });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown reporter "junti"[\s\S]*junit/);
    assert.doesNotMatch(
      [twoRuns, duplicate, empty, missing, overwrite, unknown].map((r) => r.stderr).join(''),
      /\n\s+at /,
      'no stack trace',
    );
  });
});
