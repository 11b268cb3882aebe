import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

// Written by hand: JSON.stringify could not produce these digits.
const BIG =
  '{"id": 9007199254740993, "lines": [{"ref": -9223372036854775807}], "orderNo": 123456789012345678, "price": 0.3}';

/** A target whose ids are 64-bit integers; it records what it receives. */
function startTarget(): Promise<{
  server: Server;
  url: string;
  seen: Array<{ method: string; url: string; body: string }>;
}> {
  const seen: Array<{ method: string; url: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/health') return res.end('{"status":"ok"}');
      // A timestamp in Nepal's +05:45, created now: after the run's start as an instant.
      const created = new Date(Date.now() + 5.75 * 3_600_000).toISOString().replace('Z', '+05:45');
      if (req.url === '/big') return res.end(BIG.replace(/}$/, `, "createdAt": "${created}"}`));
      if (req.url?.startsWith('/orders/')) return res.end('{"ok": true}');
      if (req.url === '/echo') return res.end(JSON.stringify({ body }));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    ),
  );
}

describe('integers beyond 2^53 and decimals, end to end through the CLI', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  before(async () => {
    target = await startTarget();
  });
  after(() => target.server.close());

  test('saved, compared, templated into a URL and a JSON body, and recorded digit for digit', async () => {
    const p = project({
      'scenarios/big.scenario.yaml': [
        'name: big-ids',
        'tenants: [standard]',
        'steps:',
        '  - http: GET /big',
        '    expect:',
        '      body.id: 9007199254740993',
        '      body.lines: [{ ref: -9223372036854775807 }]',
        '      body.price: "{{ 0.1 + 0.2 }}"',
        '      body.createdAt: { after: "{{ run.startedAt }}", gte: "{{ run.startedAt }}" }',
        '      schema: BigOrder',
        '    save: { id: body.id, ref: "body.lines[0].ref", orderNo: body.orderNo }',
        '  - http: GET /orders/{{ id }}?ref={{ ref }}',
        '  - http: POST /echo',
        '    json: { orderNo: "{{ orderNo }}", refs: ["{{ ref }}"], next: "{{ id + 1 }}", total: "{{ round(1.005, 2) }}" }',
        '    expect: { status: 200 }',
        '',
      ].join('\n'),
      // Ajv alone would call the exact 9007199254740993 (a bigint) "not an integer".
      'schemas/data/BigOrder.schema.json': JSON.stringify({
        type: 'object',
        required: ['id', 'orderNo'],
        properties: {
          id: { type: 'integer', minimum: 1 },
          orderNo: { type: 'integer' },
          lines: { type: 'array', items: { type: 'object', properties: { ref: { type: 'integer' } } } },
        },
      }),
      'scenarios/wrong.scenario.yaml': [
        'name: big-id-off-by-one',
        'tenants: [standard]',
        'steps:',
        '  - http: GET /big',
        '    expect: { body.id: 9007199254740992 }',
        '',
      ].join('\n'),
    });
    const result = await runCli(['run', '--base-url', target.url, '--reporter', 'list,json'], {
      cwd: p.dir,
      timeoutMs: 120_000,
    });
    const output = result.stdout + result.stderr;
    assert.equal(result.code, 1, output);
    assert.match(output, /1 passed/);
    assert.match(output, /1 failed/);
    assert.match(output, /body\.id: expected 9007199254740992, got 9007199254740993/);

    const urls = target.seen.map((r) => `${r.method} ${r.url}`);
    assert.ok(urls.includes('GET /orders/9007199254740993?ref=-9223372036854775807'), urls.join('\n'));
    const echo = target.seen.find((r) => r.url === '/echo');
    assert.equal(
      echo?.body,
      '{"orderNo":123456789012345678,"refs":[-9223372036854775807],"next":9007199254740994,"total":1.01}',
    );

    // The report's evidence: the recorded response body keeps the server's digits.
    const report = readFileSync(join(p.dir, 'reports/results.json'), 'utf8');
    const attachments = [...report.matchAll(/"body": "([A-Za-z0-9+/=]+)"/g)].map((m) =>
      Buffer.from(m[1]!, 'base64').toString('utf8'),
    );
    // Recorded bodies are JSON text inside the result's JSON: {\"id\":9007199254740993,...}
    const recorded = attachments.join('\n').match(/\\"id\\":-?\d+|\\"orderNo\\":-?\d+/g) ?? [];
    assert.ok(recorded.length >= 2, attachments.join('\n').slice(0, 2000));
    assert.deepEqual([...new Set(recorded)].sort(), ['\\"id\\":9007199254740993', '\\"orderNo\\":123456789012345678']);
  });
});
