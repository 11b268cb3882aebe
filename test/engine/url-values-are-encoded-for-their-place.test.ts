// A value put into a URL with {{ }} is one value where it lands: one path segment, one query key
// or value (RFC 3986; RFC 6570 simple expansion). Literal text stays as written; a value at the
// start or in the host supplies structure; raw(x) opts out. Proved against a real HTTP server
// that reports the request target it received, through the real engine and API driver.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { percentEncode } from '../../src/core/percent-encode.js';
import { urlPlace } from '../../src/engine/render-url.js';
import type { StepResult } from '../../src/engine/results.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;
before(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    json(res, 200, { raw: req.url, path: url.pathname, query: Object.fromEntries(url.searchParams) });
  });
});
after(() => server.close());

/** Runs one scenario (YAML steps) against the server; returns the step results. */
async function run(yaml: string): Promise<StepResult[]> {
  const dir = projects({ 'scenarios/s.scenario.yaml': yaml }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    const scenario = project.scenarios[0]!.scenario as Scenario;
    return await new ScenarioExecution({ scenario, file: 's', engine }).start();
  } finally {
    await contexts.close();
  }
}

const received = () => server.requests.at(-1)!.url;

describe('a {{ }} value in a URL is percent-encoded for its place', () => {
  it('a value in the query is one value: & # + = % spaces and non-ASCII are encoded', async () => {
    const results = await run(
      [
        'name: s',
        'vars: { v: "Smith & Sons #1 +x=y 100% Zürich/?" }',
        'steps:',
        '  - http: GET /echo?name={{ v }}&page=2',
        '    expect: { body.query.name: "Smith & Sons #1 +x=y 100% Zürich/?", body.query.page: "2" }',
        '',
      ].join('\n'),
    );
    assert.equal(results[0]!.status, 'passed', JSON.stringify(results[0]!.checks));
    assert.equal(received(), '/echo?name=Smith%20%26%20Sons%20%231%20%2Bx%3Dy%20100%25%20Z%C3%BCrich%2F%3F&page=2');
    assert.match(results[0]!.title, /^GET .*name=Smith%20%26%20Sons/, 'the title shows the URL as sent');
  });

  it('a value in the path is one segment: / ? # % are encoded, the route stays the same', async () => {
    for (const [value, sent] of <Array<[string, string]>>[
      ['PO/2026/17', '/orders/PO%2F2026%2F17/lines'],
      ['WHAT?X', '/orders/WHAT%3FX/lines'],
      ['100%', '/orders/100%25/lines'],
      ['a#b', '/orders/a%23b/lines'],
      ["it's (x)*!", '/orders/it%27s%20%28x%29%2A%21/lines'],
    ]) {
      const results = await run(
        `name: s\nvars: { v: ${JSON.stringify(value)} }\nsteps:\n  - http: GET /orders/{{ v }}/lines\n`,
      );
      assert.equal(results[0]!.status, 'passed');
      assert.equal(received(), sent, value);
      const echoed = (results[0]!.exchanges[0]!.response!.body ?? '') as string;
      assert.equal(JSON.parse(echoed).path, sent);
      assert.equal(decodeURIComponent(sent.split('/')[2]!), value, 'the segment decodes to the value');
    }
  });

  it('literal text the author wrote stays as written', async () => {
    await run('name: s\nvars: { id: "a b" }\nsteps:\n  - http: GET /x%2Fy/{{ id }}?q=a+b&r=%26\n');
    assert.equal(received(), '/x%2Fy/a%20b?q=a+b&r=%26');
  });

  it('a value at the start or in the host supplies URL structure and is not encoded', async () => {
    const base = server.url;
    const host = new URL(base).host;
    await run(`name: s\nvars: { next: "/page?cursor=a%2Fb&n=2" }\nsteps:\n  - http: GET {{ next }}\n`);
    assert.equal(received(), '/page?cursor=a%2Fb&n=2');
    await run(`name: s\nvars: { base: "${base}/api" }\nsteps:\n  - http: GET {{ base }}/orders/{{ "1/2" }}\n`);
    assert.equal(received(), '/api/orders/1%2F2');
    await run(`name: s\nvars: { host: "${host}" }\nsteps:\n  - http: GET http://{{ host }}/h?x={{ "a&b" }}\n`);
    assert.equal(received(), '/h?x=a%26b');
  });

  it('raw(x) puts the text in as written; urlEncode(x) is not encoded twice', async () => {
    await run('name: s\nvars: { rest: "a/b?c=1&d=2" }\nsteps:\n  - http: GET /r/{{ raw(rest) }}\n');
    assert.equal(received(), '/r/a/b?c=1&d=2');
    await run('name: s\nvars: { v: "a&b" }\nsteps:\n  - http: GET /r?x={{ urlEncode(v) }}&y={{ v }}\n');
    assert.equal(received(), '/r?x=a%26b&y=a%26b');
  });

  it('the query map still encodes its values', async () => {
    const results = await run(
      'name: s\nvars: { v: "a&b #c" }\nsteps:\n  - http: GET /q\n    query: { name: "{{ v }}" }\n    expect: { body.query.name: "a&b #c" }\n',
    );
    assert.equal(results[0]!.status, 'passed');
  });
});

describe('the rule', () => {
  it('keeps only RFC 3986 unreserved characters; UTF-8 for the rest', () => {
    assert.equal(percentEncode('AZaz09-._~'), 'AZaz09-._~');
    assert.equal(
      percentEncode(' !"#$%&\'()*+,/:;=?@[]'),
      '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D',
    );
    assert.equal(percentEncode('é€😀'), '%C3%A9%E2%82%AC%F0%9F%98%80');
    assert.equal(percentEncode('a\uD800b'), 'a%EF%BF%BDb', 'a lone surrogate is U+FFFD, never a crash');
  });

  it('reads the place from the text before the value', () => {
    assert.equal(urlPlace(''), 'start');
    assert.equal(urlPlace('https://'), 'authority');
    assert.equal(urlPlace('https://api.example.com:8443'), 'authority');
    assert.equal(urlPlace('https://api.example.com/orders/'), 'path');
    assert.equal(urlPlace('/orders/'), 'path');
    assert.equal(urlPlace('/orders?x=1&y='), 'query');
    assert.equal(urlPlace('/orders?x=1#'), 'fragment');
  });

  it('a value that is a whole path segment and renders empty stops the step before anything is sent', async () => {
    const sent = server.requests.length;
    const results = await run(
      [
        'name: s',
        'vars: { id: null, blank: "", sku: "" }',
        'steps:',
        '  - http: POST /orders/{{ id }}/cancel',
        '  - http: DELETE /orders/{{ blank }}',
        '    if: "{{ true }}"',
        '',
      ].join('\n'),
    );
    assert.equal(results[0]!.status, 'errored');
    assert.equal(results[0]!.error?.code, 'REHEARSE_URL_EMPTY_SEGMENT');
    assert.match(results[0]!.error?.message ?? '', /\{\{ id \}\} is empty/);
    assert.match(results[0]!.error?.message ?? '', /"\/orders\/…"/);
    assert.equal(server.requests.length, sent, 'nothing was sent');

    // Part of a segment, or on purpose through raw(), an empty value is sent as written.
    const fine = await run(
      [
        'name: s',
        'vars: { sku: "", id: "" }',
        'steps:',
        '  - http: GET /items/SKU-{{ sku }}?q={{ sku }}',
        '    expect: { body.path: /items/SKU- }',
        '  - http: GET /orders/{{ raw(id) }}',
        '    expect: { body.path: /orders/ }',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      fine.map((r) => r.status),
      ['passed', 'passed'],
      JSON.stringify(fine.map((r) => r.error ?? r.checks)),
    );
  });
});
