import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFaultyTarget, type FaultyTarget } from '../helpers/faulty-target.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

const scenario = (name: string, steps: string[]) =>
  [`name: ${name}`, 'tenants: [standard]', 'steps:', ...steps.map((s) => `  ${s}`), ''].join('\n');

/**
 * A target that answers HTML, truncated or compressed bodies, hangs, resets
 * or dies mid-response: each ends in a failed step whose message names the
 * cause, through the real CLI.
 */
describe('faults of the target fail the step with their cause', () => {
  let target: FaultyTarget;
  before(async () => {
    target = await startFaultyTarget();
  });
  after(() => target.close());

  test('HTML, truncated and compressed bodies: a path into them names what the body is and shows its start', async () => {
    const p = project({
      'scenarios/actions/page.yaml': [
        'actions:',
        '  page.get:',
        '    api:',
        '      - http: GET /api/maintenance',
        '',
      ].join('\n'),
      'scenarios/html.scenario.yaml': scenario('html-body', [
        '- http: GET /api/maintenance',
        '  expect: { status: 200, "body.id": SO-1 }',
      ]),
      'scenarios/bad-gateway.scenario.yaml': scenario('bad-gateway-body', [
        '- http: GET /api/bad-gateway',
        '  expect: { status: 502 }',
        '  save: { id: body.id }',
      ]),
      'scenarios/truncated.scenario.yaml': scenario('truncated-body', [
        '- http: GET /api/truncated',
        '  save: { orderId: body.id }',
      ]),
      'scenarios/gzip.scenario.yaml': scenario('gzip-body', ['- http: GET /api/gzip', '  expect: { body.ok: true }']),
      'scenarios/action.scenario.yaml': scenario('action-returns-html', [
        '- do: page.get',
        '  expect: { status: OPEN }',
      ]),
    });
    const result = await runCli(['run', '--base-url', target.url, '--workers', '2'], {
      cwd: p.dir,
      timeoutMs: 120_000,
    });
    const out = result.stdout;
    assert.equal(result.code, 1, out + result.stderr);
    assert.match(
      out,
      /body\.id: expected "SO-1", got nothing: the body is HTML \(text\/html\), not JSON; it starts: "<!DOCTYPE html><html><head><title>Down for maintenance<\/title>/,
    );
    assert.match(
      out,
      /save id: nothing at "body\.id": the body is HTML \(text\/html\), not JSON; it starts: "<html>\\r\\n<head><title>502 Bad Gateway<\/title>/,
    );
    assert.match(
      out,
      /save orderId: nothing at "body\.id": the body is truncated JSON \(application\/json\): it ends after 73 bytes, inside a string \(3 brackets still open\); its end: "\{\\"id\\":\\"SO-1\\"/,
    );
    assert.match(
      out,
      /body\.ok: expected true, got nothing: the body is gzip-compressed and was not decoded, so it is not JSON \(\d+ bytes\); it starts: "\\u001f/,
    );
    assert.match(
      out,
      /status: expected "OPEN", got nothing: the result is HTML \(text\/html\), not JSON; it starts: "<!DOCTYPE html>/,
    );
    assert.doesNotMatch(out, /the path does not exist/);
    assert.doesNotMatch(out, /it has: status, headers, body/);
  });

  test('a hanging target: the step says it did not answer within its timeout, and the hint says what to do', async () => {
    const p = project({
      'scenarios/hang.scenario.yaml': scenario('hang', ['- http: GET /api/hang', '  timeout: 1s']),
    });
    const result = await runCli(['run', '--base-url', target.url], { cwd: p.dir, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /REHEARSE_REQUEST_TIMEOUT: Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/api\/hang: the target did not answer within 1000 ms \(the step's timeout\)\./,
    );
    assert.match(
      result.stdout,
      /hint: The target accepted the request but did not answer: it may be hung .* raise the step’s `timeout`/,
    );
    assert.doesNotMatch(result.stdout, /Nothing to fix/);
  });

  test('a hanging target that outlasts the scenario’s timeout: the step says the scenario ran out waiting, not "nothing to fix"', async () => {
    const p = project({
      'scenarios/hang.scenario.yaml': [
        'name: scenario-hang',
        'tenants: [standard]',
        'timeout: 3s',
        'steps:',
        '  - http: GET /api/hang',
        '',
      ].join('\n'),
    });
    const result = await runCli(['run', '--base-url', target.url], { cwd: p.dir, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /REHEARSE_SCENARIO_TIMEOUT: Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/api\/hang: the scenario's timeout \(3000 ms\) ran out before the target answered\./,
    );
    assert.match(result.stdout, /hint: .*it may be hung/);
    assert.doesNotMatch(result.stdout, /Nothing to fix/);
  });

  test('a reset connection and a target that dies mid-response are errored steps naming it', async () => {
    const p = project({
      'rehearse.config.yaml': `environments:\n  local:\n    baseUrl: ${target.url}\n    allowedHosts: [127.0.0.1]\nretries: { network: 1 }\n`,
      'scenarios/reset.scenario.yaml': scenario('reset', ['- http: GET /api/reset']),
      'scenarios/dies.scenario.yaml': scenario('dies', ['- http: POST /api/dies', '  json: { a: 1 }']),
    });
    const result = await runCli(['run', '--env', 'local', '--workers', '2'], { cwd: p.dir, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /REHEARSE_CONNECTION_RESET: Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/api\/reset: the connection was reset before the target answered\. \(after 2 attempts; attempt 1 was retried after \d+ ms: the connection (?:was reset|closed) before the target answered \(the target may have processed it\)\)/,
    );
    assert.match(
      result.stdout,
      /REHEARSE_CONNECTION_RESET: Failed to read the response body of http:\/\/127\.0\.0\.1:\d+\/api\/dies: the connection closed after 20 bytes of the body of its 200 answer, before it was complete\./,
    );
    assert.match(result.stdout, /errored for tenant standard/);
    // Only dropped connections failed, but the target is still up: a defect of these endpoints, not staging down.
    assert.match(result.stderr, /but it answers its health check now/);
  });

  test('the preflight never waits past its timeout for a target that hangs', async () => {
    const hanging = await startFaultyTarget({ healthHangs: true });
    try {
      const p = project({ 'scenarios/a.scenario.yaml': scenario('a', ['- http: GET /api/orders/1']) });
      const result = await runCli(['run', '--base-url', hanging.url], { cwd: p.dir, timeoutMs: 60_000 });
      assert.equal(result.code, 3, result.stderr);
      assert.match(
        result.stderr,
        /Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/health: the target did not answer within 5000 ms \(the preflight's timeout\)\./,
      );
      assert.match(result.stderr, /it may be hung/);
      assert.ok(!hanging.log.requests.some((r) => r.url === '/api/orders/1'), 'no scenario ran');
    } finally {
      await hanging.close();
    }
  });
});
