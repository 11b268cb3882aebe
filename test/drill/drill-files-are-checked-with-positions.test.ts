// A drill file is checked like every user file: each mistake is a diagnostic with a code, the
// file, line and column, and a hint — the schema's, each phase against its own kind, and what the
// schema cannot say (scenario and tenant names, saved values, threshold units).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { loadDrill } from '../../src/loader/load-drill.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Project } from '../../src/loader/project.js';

const root = join(import.meta.dirname, '..', '..');
let project: Project;
// Inside the project (files outside it are refused like any other), in a folder of the test's own.
const dir = mkdtempSync(join(root, 'test', 'drill', '.tmp-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => {
  project = loadProject({ root }).project!;
  assert.ok(project, 'the shipped project loads');
});

const check = (name: string, text: string) => {
  const file = join(dir, `${name}.drill.yaml`);
  writeFileSync(file, text);
  return { ...loadDrill(project, file), file: relative(root, file) };
};

const good = `drill: ok
traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 1s }
records:
  order: { saved: orderId, read: '/api/v1/sales-orders/{{ id }}', same: [status] }
phases:
  - kind: restore
    operation: { run: echo restored, timeout: 5s }
  - wait: 1s
  - check: recovered
thresholds: { rto: '< 2m', lost: 0, 'latencyShift.p95': '< 2x' }
`;

test('a well-formed drill loads with its thresholds read in ms, counts and ratios', () => {
  const { drill, diagnostics } = check('good', good);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    drill!.thresholds.map((t) => [t.figure, t.op, t.limit]),
    [
      ['rto', '<', 120_000],
      ['lost', '<=', 0],
      ['latencyShift.p95', '<', 2],
    ],
  );
  assert.match(drill!.phaseLocations[0]!, /good\.drill\.yaml:6:5$/);
});

test('an unknown key in an operation is REHEARSE_UNKNOWN_KEY at its line with a did-you-mean', () => {
  const { drill, diagnostics, file } = check(
    'typo',
    good.replace('operation: { run: echo restored', 'operation: { rnu: echo restored'),
  );
  assert.equal(drill, undefined);
  const d = diagnostics.find((x) => x.code === 'REHEARSE_UNKNOWN_KEY');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.file, file);
  assert.equal(d.line, 7);
  assert.match(d.hint ?? '', /run/);
});

test('a phase of no known kind names its line and suggests the kind meant', () => {
  const { diagnostics } = check('kind', good.replace('  - wait: 1s', '  - wiat: 1s'));
  const d = diagnostics.find((x) => x.code === 'REHEARSE_DRILL_PHASE_KIND');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.line, 8);
  assert.match(d.hint ?? '', /Did you mean "wait"/);
});

test('an operation needs exactly one of run: and http:', () => {
  const { diagnostics } = check(
    'both',
    good.replace('run: echo restored,', "run: echo restored, http: { url: 'http://127.0.0.1:1/x' },"),
  );
  const d = diagnostics.find((x) => x.code === 'REHEARSE_DRILL_OPERATION');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.line, 7);
});

test('unknown scenarios and tenants are named with a did-you-mean, at their line', () => {
  const { diagnostics } = check(
    'names',
    good.replace('[order-to-cash]', '[order-to-csh]').replace('[high-volume]', '[high-volum]'),
  );
  const scenario = diagnostics.find((x) => x.code === 'REHEARSE_UNKNOWN_SCENARIO');
  const tenant = diagnostics.find((x) => x.code === 'REHEARSE_UNKNOWN_TENANT');
  assert.equal(scenario?.line, 2);
  assert.match(scenario?.hint ?? '', /order-to-cash/);
  assert.equal(tenant?.line, 2);
  assert.match(tenant?.hint ?? '', /high-volume/);
});

test('a record read from a value no traffic scenario saves is REHEARSE_DRILL_RECORD_NOT_SAVED', () => {
  const { diagnostics } = check('saved', good.replace('saved: orderId', 'saved: orderNo'));
  const d = diagnostics.find((x) => x.code === 'REHEARSE_DRILL_RECORD_NOT_SAVED');
  assert.equal(d?.line, 4);
  assert.match(d?.hint ?? '', /orderId/);
});

test('a threshold in the wrong unit says which unit its figure takes', () => {
  const { diagnostics } = check('units', good.replace("rto: '< 2m'", "rto: '< 2x'").replace('lost: 0', "lost: '< 3s'"));
  const problems = diagnostics.filter((x) => x.code === 'REHEARSE_DRILL_THRESHOLD');
  assert.equal(problems.length, 2, JSON.stringify(diagnostics));
  assert.ok(problems.every((p) => p.line === 10));
  assert.match(
    problems.map((p) => p.message).join(' '),
    /rto is a duration.*lost is a count|lost is a count.*rto is a duration/,
  );
});

test('both ratePerSecond and every is REHEARSE_DRILL_RATE', () => {
  const { diagnostics } = check('rate', good.replace('every: 1s', 'every: 1s, ratePerSecond: 2'));
  assert.equal(diagnostics.find((x) => x.code === 'REHEARSE_DRILL_RATE')?.line, 2);
});

test('an rto threshold without a restore or rollback operation says where the RTO clock starts', () => {
  const { diagnostics } = check('rto', good.replace('kind: restore', 'kind: release'));
  const d = diagnostics.find((x) => x.code === 'REHEARSE_DRILL_THRESHOLD');
  assert.equal(d?.line, 10);
  assert.match(d?.hint ?? '', /kind: restore/);
});

test('traffic every: 0s (or faster than 100 a second) is refused at its line and column with the bound and a hint', () => {
  for (const every of ['0s', '1ms']) {
    const { diagnostics, drill, file } = check(`every-${every}`, good.replace('every: 1s', `every: ${every}`));
    assert.equal(drill, undefined, every);
    const d = diagnostics.find((x) => x.code === 'REHEARSE_DRILL_RATE');
    assert.equal(d?.file, file);
    assert.equal(d?.line, 2);
    assert.equal(d?.column, good.split('\n')[1]!.indexOf('1s') + 1);
    assert.match(d?.message ?? '', /expected at least 10ms/);
    assert.match(d?.hint ?? '', /every: 1s, or ratePerSecond: 2/);
  }
});

test('a ratePerSecond of 0 or an absurd one is refused at its line and column with its bound', () => {
  for (const [rate, bound] of [
    ['0', /more than 0/],
    ['1000000', /at most 100/],
  ] as const) {
    const { diagnostics, drill } = check(`rate-${rate}`, good.replace('every: 1s', `ratePerSecond: ${rate}`));
    assert.equal(drill, undefined, rate);
    const d = diagnostics.find((x) => x.path === 'traffic.ratePerSecond');
    assert.equal(d?.line, 2, JSON.stringify(diagnostics));
    assert.equal(d?.column, good.split('\n')[1]!.indexOf('every') + 'ratePerSecond: '.length + 1);
    assert.match(d?.message ?? '', bound);
    assert.ok(d?.hint);
  }
});
