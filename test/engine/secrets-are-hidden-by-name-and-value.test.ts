// The engine's side of secret masking, against a real HTTP server: what a step learns is hidden
// in its own record and everything after; variables holding secrets (saved from a sensitive
// field, declared under `secrets:`, copied with `set`, bound to a `secret: true` parameter) are
// hidden by name, also when their value is too short to be hidden by value; titles reach the
// host (Playwright's test.step) already masked.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { REDACTED } from '../../src/core/redactor.js';
import type { StepHost } from '../../src/engine/context.js';
import type { StepResult } from '../../src/engine/results.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const LONG_TOKEN = 'login-token-4c7e19ab';
const SHORT_TOKEN = 'ab12';

describe('the engine hides secrets by value and by name', () => {
  let server: Server;
  let baseUrl: string;
  let project: TempProject;
  let contexts: ReturnType<typeof engineContexts>;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/login') return res.end(JSON.stringify({ accessToken: LONG_TOKEN, pinCode: 7 }));
        if (req.url === '/short') return res.end(JSON.stringify({ access_token: SHORT_TOKEN }));
        res.end(JSON.stringify({ echo: req.url, note: `your token is ${LONG_TOKEN}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    project = tempProject({
      'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n',
      'scenarios/actions/vault.yaml': [
        'actions:',
        '  vault.check:',
        '    params:',
        '      code: { type: string, required: true, secret: true }',
        '    api:',
        '      - expect: { code: "not-it" }',
        '',
      ].join('\n'),
    });
    const result = loadProject({ root: project.dir });
    assert.ok(result.project, JSON.stringify(result.diagnostics));
    contexts = engineContexts(result.project);
  });
  after(async () => {
    await contexts.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    project.remove();
  });

  const run = async (scenario: Partial<Scenario>) => {
    const titles: string[] = [];
    const host: StepHost = {
      step: (title, body) => {
        titles.push(title);
        return body();
      },
    };
    const engine = contexts.engine({ baseUrl, host });
    const execution = new ScenarioExecution({ scenario: { name: 's', ...scenario } as Scenario, file: 's', engine });
    const steps = await execution.start();
    return { steps, result: execution.result(), titles };
  };
  const text = (value: unknown) => JSON.stringify(value);

  test('a token learned from a login is hidden in the login’s own record, in later titles and in check messages', async () => {
    const { steps, result, titles } = await run({
      steps: [
        { name: 'Log in', http: 'POST /login', save: { jwt: 'body.accessToken' } },
        { name: 'Use {{ jwt }}', http: 'GET /echo?session={{ jwt }}' },
        { expect: { jwt: 'something-else' } },
      ] as Scenario['steps'],
    });
    assert.deepEqual(
      steps.map((s) => s.status),
      ['passed', 'passed', 'failed'],
    );
    assert.ok(!text(result).includes(LONG_TOKEN), text(result));
    assert.ok(!titles.join('\n').includes(LONG_TOKEN), titles.join('\n'));
    assert.equal(steps[0]!.saved!.jwt, REDACTED);
    assert.match(steps[0]!.exchanges[0]!.response!.body!, /"accessToken":"\[REDACTED\]"/);
    assert.equal(steps[1]!.title, `Use ${REDACTED}`);
    assert.equal(steps[2]!.checks[0]!.message, `jwt: expected "something-else", got ${REDACTED}`);
    assert.equal(steps[2]!.checks[0]!.expected, 'something-else', 'what was expected stays readable');
  });

  test('a secret too short to hide by value is hidden wherever a name says what it is', async () => {
    const { steps } = await run({
      steps: [
        { http: 'GET /short', save: { tok: 'body.access_token', plain: 'body.access_token' } },
        { set: { copy: '{{ plain }}', other: 'visible' } },
        { expect: { copy: 'x' } },
      ] as Scenario['steps'],
    });
    assert.deepEqual(steps[0]!.saved, { tok: REDACTED, plain: REDACTED });
    assert.deepEqual(steps[1]!.saved, { copy: REDACTED, other: 'visible' });
    assert.equal(steps[2]!.checks[0]!.actual, REDACTED);
    assert.equal(steps[2]!.checks[0]!.message, `copy: expected "x", got ${REDACTED}`);
    assert.match(steps[0]!.exchanges[0]!.response!.body!, /"access_token":"\[REDACTED\]"/);
  });

  test('a secret: true parameter and a declared secret variable are hidden in checks on them', async () => {
    const { steps } = await run({
      secrets: ['pin'],
      vars: { pin: '4321' },
      steps: [{ expect: { pin: 1 } }] as Scenario['steps'],
    });
    assert.equal(steps[0]!.checks[0]!.message, `pin: expected 1, got ${REDACTED}`);
    const action = (await run({ steps: [{ do: 'vault.check', with: { code: 'c0de' } }] as Scenario['steps'] })).steps;
    const inner = (action[0]!.children ?? [])[0] as StepResult;
    assert.equal(inner.checks[0]!.message, `code: expected "not-it", got ${REDACTED}`);
    assert.equal(inner.checks[0]!.actual, REDACTED);
  });

  test('URL user-info and signed query values written in an http line never reach a title', async () => {
    const line = `GET http://qa:pw@127.0.0.1:${new URL(baseUrl).port}/echo?X-Amz-Signature=s1g&page=2`;
    const { steps, titles } = await run({ steps: [{ http: line }] as Scenario['steps'] });
    const masked = `GET http://${REDACTED}@127.0.0.1:${new URL(baseUrl).port}/echo?X-Amz-Signature=${REDACTED}&page=2`;
    assert.deepEqual(titles, [masked]);
    assert.equal(steps[0]!.title, masked);
    assert.equal(steps[0]!.exchanges[0]!.request.url, masked.slice(4));
  });
});
