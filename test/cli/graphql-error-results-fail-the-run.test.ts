// The real CLI against a real GraphQL server on 127.0.0.1 that answers HTTP 200 with a Vendure-style
// error result (`__typename: InsufficientStockError`): the run fails (exit 1) and prints the
// errorCode and the message; the same step passes once its expect names the error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
let server: Server;

before(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/health') return json(res, 200, { status: 'ok' });
    json(res, 200, {
      data: {
        addItemToOrder: {
          __typename: 'InsufficientStockError',
          errorCode: 'INSUFFICIENT_STOCK_ERROR',
          message: 'Only 2 items may be added to the order due to insufficient stock',
        },
      },
    });
  });
});
after(() => server.close());

const scenario = (expect: string[]) =>
  [
    'name: add-to-cart',
    'tenants: [standard]',
    'steps:',
    '  - name: Add more than the stock',
    '    graphql:',
    '      query: |',
    '        mutation { addItemToOrder(productVariantId: 1, quantity: 5) {',
    '          __typename ... on ErrorResult { errorCode message } } }',
    ...expect,
    '',
  ].join('\n');

const run = (dir: string) =>
  runCli(['run', '--base-url', server.url, '--workers', '1', '--reporter', 'line'], { cwd: dir, timeoutMs: 120_000 });

describe('rehearse run with a GraphQL error result', () => {
  test('fails with the errorCode and the message when nothing expects it', async () => {
    const p = project({ 'scenarios/cart.scenario.yaml': scenario([]) });
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /error result at data\.addItemToOrder: InsufficientStockError/);
    assert.match(result.stdout, /INSUFFICIENT_STOCK_ERROR/);
    assert.match(result.stdout, /Only 2 items may be added to the order due to insufficient stock/);
    assert.match(result.stdout, /failOnGraphqlErrors: false/);
  });

  test('passes when its expect names the error', async () => {
    const p = project({
      'scenarios/cart.scenario.yaml': scenario([
        '    expect:',
        '      data.addItemToOrder.errorCode: INSUFFICIENT_STOCK_ERROR',
        '      data.addItemToOrder.message: { contains: insufficient stock }',
      ]),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 passed/);
  });
});
