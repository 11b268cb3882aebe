// A graphql step against a real GraphQL-answering server on 127.0.0.1: an object in `data` whose
// __typename ends in "Error" (Vendure-style error results, HTTP 200) fails the step with its path,
// __typename, errorCode and message, unless the step reads that object in expect or save — as a
// status of 400 or more fails unless the step reads `status`. errors[] follow the same rule, and
// `failOnGraphqlErrors: false` turns both off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import type { StepResult } from '../../src/engine/results.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;

const INSUFFICIENT = {
  __typename: 'InsufficientStockError',
  errorCode: 'INSUFFICIENT_STOCK_ERROR',
  message: 'Only 2 items may be added to the order due to insufficient stock',
  quantityAvailable: 2,
};

before(async () => {
  server = await startServer((_req, res, body) => {
    const { query } = JSON.parse(body) as { query: string };
    if (query.includes('addItemToOrder')) return json(res, 200, { data: { addItemToOrder: INSUFFICIENT } });
    if (query.includes('addItemsToOrder'))
      return json(res, 200, {
        data: {
          addItemsToOrder: {
            order: { id: '1', __typename: 'Order' },
            errorResults: [{ __typename: 'Order' }, { ...INSUFFICIENT, errorCode: 'ORDER_LIMIT_ERROR' }],
          },
        },
      });
    if (query.includes('activeOrder'))
      return json(res, 200, { data: { activeOrder: { __typename: 'Order', id: '7' } } });
    if (query.includes('syntax'))
      return json(res, 200, {
        errors: [{ message: 'Syntax Error: Expected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
      });
    return json(res, 200, {
      data: { order: null },
      errors: [{ message: 'Forbidden', path: ['order'], extensions: { code: 'FORBIDDEN' } }],
    });
  });
});
after(() => server.close());

/** Runs one graphql step (`query`, then the step's extra YAML lines) and returns its result. */
async function runStep(query: string, extra: string[], config?: string): Promise<StepResult> {
  const dir = projects({
    'scenarios/s.scenario.yaml': [
      'name: s',
      'steps:',
      `  - graphql: { query: "${query}" }`,
      ...extra.map((line) => `    ${line}`),
      '',
    ].join('\n'),
    ...(config ? { 'rehearse.config.yaml': config } : {}),
  }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity !== 'warning').map((d) => d.message),
    [],
  );
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    const [step] = await new ScenarioExecution({
      scenario: project.scenarios[0]!.scenario as Scenario,
      file: 's',
      engine,
    }).start();
    return step!;
  } finally {
    await contexts.close();
  }
}

const failures = (step: StepResult) => step.checks.filter((c) => !c.passed).map((c) => c.message);

describe('GraphQL error results', () => {
  test('an error result nobody expected fails with its path, __typename, errorCode, message and the way to accept it', async () => {
    const step = await runStep('mutation { addItemToOrder { __typename } }', []);
    assert.equal(step.status, 'failed');
    assert.deepEqual(failures(step), [
      'GraphQL answered an error result at data.addItemToOrder: InsufficientStockError (errorCode INSUFFICIENT_STOCK_ERROR): ' +
        '"Only 2 items may be added to the order due to insufficient stock". An object whose __typename ends in "Error" fails ' +
        'the step unless the step reads it (in expect or save): add `expect: { "data.addItemToOrder.errorCode": ' +
        'INSUFFICIENT_STOCK_ERROR }` to accept it (or set failOnGraphqlErrors: false in rehearse.config.yaml).',
    ]);
    const check = step.checks.find((c) => !c.passed)!;
    assert.equal(check.path, 'data.addItemToOrder');
    assert.equal(check.matcher, 'graphqlErrorResult');
    assert.deepEqual(check.actual, {
      __typename: 'InsufficientStockError',
      errorCode: 'INSUFFICIENT_STOCK_ERROR',
      message: INSUFFICIENT.message,
    });
  });

  test('reading the object or a path inside it, in expect or save, accepts it', async () => {
    for (const extra of [
      ['expect: { "data.addItemToOrder.errorCode": INSUFFICIENT_STOCK_ERROR }'],
      ['expect: { "data.addItemToOrder.__typename": InsufficientStockError }'],
      ['expect: { "data.addItemToOrder": { exists: true } }'],
      ['expect: { "body.data.addItemToOrder.quantityAvailable": 2 }'],
      ['expect: { "$.data.addItemToOrder.errorCode": { matches: INSUFFICIENT } }'],
      ['expect: { data: { addItemToOrder: { errorCode: INSUFFICIENT_STOCK_ERROR } } }'],
      ['save: { code: data.addItemToOrder.errorCode }'],
    ]) {
      const step = await runStep('mutation { addItemToOrder { __typename } }', extra);
      assert.equal(step.status, 'passed', `${extra.join(' ')}: ${failures(step).join('\n')}`);
    }
  });

  test('reading only an ancestor, or another path, does not accept it', async () => {
    for (const extra of [['expect: { data: { exists: true } }'], ['expect: { status: 200 }'], ['save: { all: $ }']]) {
      const step = await runStep('mutation { addItemToOrder { __typename } }', extra);
      assert.equal(step.status, 'failed', extra.join(' '));
      assert.match(failures(step).join('\n'), /error result at data\.addItemToOrder: InsufficientStockError/);
    }
  });

  test('an error result deep in a list is found at its index; [*] in expect accepts every index', async () => {
    const failed = await runStep('mutation { addItemsToOrder { __typename } }', []);
    assert.match(
      failures(failed).join('\n'),
      /at data\.addItemsToOrder\.errorResults\[1\]: InsufficientStockError \(errorCode ORDER_LIMIT_ERROR\)/,
    );
    const accepted = await runStep('mutation { addItemsToOrder { __typename } }', [
      'expect: { "data.addItemsToOrder.errorResults[*].errorCode": [ORDER_LIMIT_ERROR] }',
    ]);
    assert.equal(accepted.status, 'passed', failures(accepted).join('\n'));
  });

  test('a result that is not an error passes untouched', async () => {
    const step = await runStep('query { activeOrder { id } }', ['save: { order: data.activeOrder }']);
    assert.equal(step.status, 'passed', failures(step).join('\n'));
  });

  test('failOnGraphqlErrors: false turns the rule off for a project', async () => {
    const step = await runStep(
      'mutation { addItemToOrder { __typename } }',
      [],
      'environments:\n  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }\nfailOnGraphqlErrors: false\n',
    );
    assert.equal(step.status, 'passed', failures(step).join('\n'));
  });
});

describe('GraphQL errors[]', () => {
  test('fail with each message, its path and code, and the way to accept them', async () => {
    const step = await runStep('query { order { id } }', []);
    assert.deepEqual(failures(step), [
      'GraphQL returned 1 error(s): Forbidden (at order, code FORBIDDEN). errors[] fails the step unless the step reads ' +
        'it (in expect or save): add `expect: { errors: { length: 1 } }` to accept them (or set failOnGraphqlErrors: ' +
        'false in rehearse.config.yaml).',
    ]);
  });

  test('are accepted by an expect or save on errors, body.errors or $.errors', async () => {
    for (const extra of [
      ['expect: { "errors[0].extensions.code": FORBIDDEN }'],
      ['expect: { "body.errors": { length: 1 } }'],
      ['expect: { "$.errors[*].message": [Forbidden] }'],
      ['save: { problems: errors }'],
    ]) {
      const step = await runStep('query { order { id } }', extra);
      assert.equal(step.status, 'passed', `${extra.join(' ')}: ${failures(step).join('\n')}`);
    }
  });

  test('data is there when the answer has it (null included) and missing when it has none', async () => {
    const withNull = await runStep('query { order { id } }', [
      'expect: { errors: { length: 1 }, data: { order: null } }',
    ]);
    assert.equal(withNull.status, 'passed', failures(withNull).join('\n'));
    const without = await runStep('query { syntax', ['expect: { errors: { length: 1 }, data: { exists: false } }']);
    assert.equal(without.status, 'passed', failures(without).join('\n'));
    const notNull = await runStep('query { syntax', ['expect: { errors: { length: 1 }, data: null }']);
    assert.deepEqual(failures(notNull), ['data: expected null, got nothing (the path does not exist)']);
  });
});
