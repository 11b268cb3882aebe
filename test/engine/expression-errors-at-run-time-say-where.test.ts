// An expression that fails at run time — here inside and after a lambda, on data only the target
// knows — errors the step with its REHEARSE_EXPR_* / REHEARSE_UNKNOWN_NAME code and the character
// of the string at fault. Through the real engine and API driver against a server on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;
before(async () => {
  server = await startServer((_req, res) =>
    json(res, 200, {
      items: [
        { code: 'standard', price: 4.99 },
        { code: 'express', price: 'n/a' },
      ],
    }),
  );
});
after(() => server.close());

async function errorOf(expression: string): Promise<{ code: string; message: string }> {
  const dir = projects({
    'scenarios/s.scenario.yaml': [
      'name: s',
      'steps:',
      '  - http: GET /api/shipping-methods',
      '    save: { methods: body.items }',
      `  - set: { x: '${expression}' }`,
      '',
    ].join('\n'),
  }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    const steps = await new ScenarioExecution({
      scenario: project.scenarios[0]!.scenario as Scenario,
      file: 's',
      engine,
    }).start();
    assert.equal(steps[1]!.status, 'errored');
    return steps[1]!.error!;
  } finally {
    await contexts.close();
  }
}

test('an error inside a lambda body names its code and character', async () => {
  const error = await errorOf('{{ sum(methods, m => m.price * 2) }}');
  assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
  assert.match(error.message, /"\*" needs numbers, got "n\/a"\. \(at character 30\)$/);
});

test('reading through a find that matched nothing names the character and says how to default', async () => {
  const error = await errorOf('{{ find(methods, m => m.code == "drone").price }}');
  assert.equal(error.code, 'REHEARSE_UNKNOWN_NAME');
  assert.match(error.message, /Cannot read "price" of "find\(…\)": it is null\. \(at character 42\)$/);
  assert.match((error as { hint?: string }).hint ?? '', /\?\?/);
});
