import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

interface Case {
  name: string;
  files: Record<string, string | null>;
  /** file:line:col the error must point at. */
  at: string;
  code: string;
  /** Text the hint or message must contain (did-you-mean, expected). */
  mentions?: string[];
  args?: string[];
}

const S = 'scenarios/s.scenario.yaml';
const scenario = (text: string): Record<string, string> => ({ [S]: text });

const CASES: Case[] = [
  {
    name: 'YAML syntax error (unclosed flow mapping)',
    files: scenario('name: a\nsteps:\n  - http: GET /health\n    expect: { status: 200\n'),
    at: `${S}:5:1`,
    code: 'REHEARSE_YAML_SYNTAX',
  },
  {
    name: 'duplicate key in a mapping',
    files: scenario('name: a\nname: b\nsteps:\n  - http: GET /health\n'),
    at: `${S}:2:1`,
    code: 'REHEARSE_YAML_DUPLICATE_KEY',
  },
  {
    name: 'unknown top-level key with did-you-mean',
    files: scenario('name: a\ntitel: A\nsteps:\n  - http: GET /health\n'),
    at: `${S}:2:1`,
    code: 'REHEARSE_UNKNOWN_KEY',
    mentions: ['Did you mean "title"?'],
  },
  {
    name: 'unknown key inside a step with did-you-mean',
    files: scenario('name: a\nsteps:\n  - http: GET /health\n    expct: { status: 200 }\n'),
    at: `${S}:4:5`,
    code: 'REHEARSE_UNKNOWN_KEY',
    mentions: ['Did you mean "expect"?'],
  },
  {
    name: 'wrong type',
    files: scenario('name: a\nretries: many\nsteps:\n  - http: GET /health\n'),
    at: `${S}:2:10`,
    code: 'REHEARSE_WRONG_TYPE',
    mentions: ['integer'],
  },
  {
    name: 'unknown step kind with did-you-mean',
    files: scenario('name: a\nsteps:\n  - htp: GET /health\n'),
    at: `${S}:3:5`,
    code: 'REHEARSE_UNKNOWN_STEP_KIND',
    mentions: ['Did you mean "http"?'],
  },
  {
    name: 'two step kinds in one step',
    files: scenario('name: a\nsteps:\n  - http: GET /health\n    do: order.create\n'),
    at: `${S}:4:5`,
    code: 'REHEARSE_AMBIGUOUS_STEP',
  },
  {
    name: 'unknown action with did-you-mean',
    files: scenario('name: a\nsteps:\n  - do: order.craete\n    with: { customer: C-1 }\n'),
    at: `${S}:3:9`,
    code: 'REHEARSE_UNKNOWN_ACTION',
    mentions: ['Did you mean "order.create"?'],
  },
  {
    name: 'unknown action parameter with did-you-mean',
    files: scenario('name: a\nsteps:\n  - do: order.create\n    with: { custmer: C-1 }\n'),
    at: `${S}:4:13`,
    code: 'REHEARSE_UNKNOWN_PARAMETER',
    mentions: ['Did you mean "customer"?'],
  },
  {
    name: 'missing required action parameter',
    files: scenario('name: a\nsteps:\n  - do: order.allocate\n'),
    at: `${S}:3:5`,
    code: 'REHEARSE_MISSING_PARAMETER',
    mentions: ['orderId'],
  },
  {
    name: 'unknown tenant with did-you-mean',
    files: scenario('name: a\ntenants: [standrd]\nsteps:\n  - http: GET /health\n'),
    at: `${S}:2:11`,
    code: 'REHEARSE_UNKNOWN_TENANT',
    mentions: ['Did you mean "standard"?'],
  },
  {
    name: 'unknown matcher with did-you-mean',
    files: scenario('name: a\nsteps:\n  - http: GET /health\n    expect: { status: { gtee: 200 } }\n'),
    at: `${S}:4:25`,
    code: 'REHEARSE_UNKNOWN_MATCHER',
    mentions: ['Did you mean "gte"?'],
  },
  {
    name: 'bad duration',
    files: scenario('name: a\ntimeout: 30 seconds\nsteps:\n  - http: GET /health\n'),
    at: `${S}:2:10`,
    code: 'REHEARSE_INVALID_FORMAT',
    mentions: ['30s'],
  },
  {
    name: 'missing required field',
    files: scenario('name: a\ntags: [smoke]\n'),
    at: `${S}:1:1`,
    code: 'REHEARSE_MISSING_KEY',
    mentions: ['"steps"'],
  },
  {
    name: 'unresolved variable with did-you-mean',
    files: scenario(
      'name: a\nsteps:\n  - do: order.create\n    with: { customer: C-1 }\n    save: { orderId: id }\n  - http: GET /api/orders/{{ ordrId }}\n',
    ),
    at: `${S}:6:30`,
    code: 'REHEARSE_UNKNOWN_NAME',
    mentions: ['orderId'],
  },
  {
    name: 'duplicate step id',
    files: scenario('name: a\nsteps:\n  - id: create\n    http: GET /health\n  - id: create\n    http: GET /health\n'),
    at: `${S}:5:9`,
    code: 'REHEARSE_DUPLICATE_STEP_ID',
  },
  {
    name: 'bad expression syntax',
    files: scenario('name: a\nvars:\n  qty: 2\nsteps:\n  - http: GET /api/orders/{{ qty + }}\n'),
    at: `${S}:5:36`,
    code: 'REHEARSE_EXPR_SYNTAX',
  },
  {
    name: 'HTTP method not allowed',
    files: scenario('name: a\nsteps:\n  - http: FETCH /api/orders\n'),
    at: `${S}:3:11`,
    code: 'REHEARSE_INVALID_FORMAT',
  },
  {
    name: 'unknown fragment with did-you-mean',
    files: {
      ...scenario('name: a\nsteps:\n  - include: login-flw\n'),
      'scenarios/fragments/login.yaml': 'name: login-flow\nsteps:\n  - http: POST /login\n',
    },
    at: `${S}:3:14`,
    code: 'REHEARSE_UNKNOWN_FRAGMENT',
    mentions: ['Did you mean "login-flow"?'],
  },
  {
    name: 'literal secret in a tenant profile',
    files: {
      'tenant-profiles/standard.yaml': 'name: standard\nauth: { type: bearer, token: abc123 }\n',
      [S]: 'name: a\nsteps:\n  - http: GET /health\n',
    },
    at: 'tenant-profiles/standard.yaml:2:30',
    code: 'REHEARSE_INVALID_FORMAT',
    mentions: ['env:NAME'],
  },
  {
    name: 'unknown key in the config with did-you-mean',
    files: {
      'rehearse.config.yaml':
        'environments:\n  staging:\n    baseUrl: https://staging.example.com\n    allowedHost: [staging.example.com]\n',
      [S]: 'name: a\nsteps:\n  - http: GET /health\n',
    },
    at: 'rehearse.config.yaml:4:5',
    code: 'REHEARSE_UNKNOWN_KEY',
    mentions: ['Did you mean "allowedHosts"?'],
  },
  {
    name: 'undeclared variable inside an action',
    files: {
      'scenarios/actions/extra.yaml':
        'actions:\n  order.ship:\n    params:\n      orderId: { type: string }\n    api:\n      - http: POST /api/orders/{{ ordId }}/ship\n',
      [S]: 'name: a\nsteps:\n  - http: GET /health\n',
    },
    at: 'scenarios/actions/extra.yaml:6:35',
    code: 'REHEARSE_UNKNOWN_NAME',
    mentions: ['orderId'],
  },
  {
    name: 'eventually without within',
    files: scenario('name: a\nsteps:\n  - eventually: { every: 1s }\n    steps:\n      - http: GET /health\n'),
    at: `${S}:3:17`,
    code: 'REHEARSE_MISSING_KEY',
    mentions: ['"within"'],
  },
  {
    name: 'invalid type name for the type matcher',
    files: scenario('name: a\nsteps:\n  - http: GET /health\n    expect: { body: { type: strng } }\n'),
    at: `${S}:4:29`,
    code: 'REHEARSE_INVALID_MATCHER',
    mentions: ['string'],
  },
  {
    name: 'invalid scenario name',
    files: scenario('name: Order To Cash\nsteps:\n  - http: GET /health\n'),
    at: `${S}:1:7`,
    code: 'REHEARSE_INVALID_FORMAT',
  },
  {
    name: 'steps must be a list',
    files: scenario('name: a\nsteps:\n  http: GET /health\n'),
    at: `${S}:3:3`,
    code: 'REHEARSE_WRONG_TYPE',
    mentions: ['array'],
  },
  {
    name: 'virtual step with a malformed inline fault rule',
    files: scenario(
      'name: a\nsteps:\n  - virtual: carrier\n    faults:\n      - { error: { status: 503 }, probabilty: 0.5 }\n',
    ),
    at: `${S}:5:35`,
    code: 'REHEARSE_UNKNOWN_KEY',
    mentions: ['Did you mean "probability"?'],
  },
  {
    name: 'virtual step with both profile and faults',
    files: scenario('name: a\nsteps:\n  - virtual: carrier\n    profile: slow\n    faults: []\n'),
    at: `${S}:5:5`,
    code: 'REHEARSE_CONFLICTING_KEYS',
  },
  {
    name: 'virtual.expect with two counts',
    files: scenario('name: a\nsteps:\n  - virtual.expect: carrier\n    times: 1\n    atLeast: 2\n'),
    at: `${S}:5:5`,
    code: 'REHEARSE_CONFLICTING_KEYS',
  },
  {
    name: 'edi.send with an unknown template, with did-you-mean',
    files: {
      ...scenario("name: a\nsteps:\n  - edi.send: '850'\n    template: purchase-ordr\n"),
      'edi/templates/purchase-order.yaml': "segments:\n  - [BEG, '00', SA, P1, '', '20260101']\n",
    },
    at: `${S}:4:15`,
    code: 'REHEARSE_UNKNOWN_EDI_TEMPLATE',
    mentions: ['Did you mean "purchase-order"?'],
  },
  {
    name: 'edi.send without a document',
    files: scenario("name: a\nsteps:\n  - edi.send: '850'\n    partner: TP-1\n"),
    at: `${S}:3:15`,
    code: 'REHEARSE_MISSING_FIELD',
  },
  {
    name: 'edi.expect of a set that is not a set id',
    files: scenario('name: a\nsteps:\n  - edi.expect: ASN\n'),
    at: `${S}:3:17`,
    code: 'REHEARSE_INVALID_FORMAT',
  },
  {
    name: 'an EDI template with a malformed segment',
    files: {
      ...scenario("name: a\nsteps:\n  - edi.send: '850'\n    template: po\n"),
      'edi/templates/po.yaml': "segments:\n  - { id: beg, '01': '00' }\n",
    },
    at: 'edi/templates/po.yaml:2:11',
    code: 'REHEARSE_INVALID_FORMAT',
  },
  {
    name: 'scenario-level virtual without profile or faults',
    files: scenario('name: a\nvirtual:\n  carrier: { scope: run }\nsteps:\n  - wait: 1ms\n'),
    at: `${S}:3:12`,
    code: 'REHEARSE_MISSING_FIELD',
    mentions: ['"profile" or "faults"'],
  },
];

describe('invalid files are refused before anything runs (exit 2, file:line:col, no stack trace)', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((p) => p.remove()));

  for (const c of CASES) {
    test(`${c.name} → exit 2 at ${c.at}`, async () => {
      const project = tempProject(c.files);
      projects.push(project);
      const result = await runCli(c.args ?? ['validate'], { cwd: project.dir, timeoutMs: 30_000 });
      assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
      assert.match(result.stderr, new RegExp(`${escape(c.at)} error ${c.code}`), result.stderr);
      for (const text of c.mentions ?? [])
        assert.ok(result.stderr.includes(text), `mentions ${text}:\n${result.stderr}`);
      assert.match(result.stderr, /\n +> +\d+ \| /, 'shows a code frame');
      assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
    });
  }

  test('every problem in every file is reported in one go', async () => {
    const project = tempProject({
      [S]: 'name: a\ntitel: A\nsteps:\n  - htp: GET /x\n',
      'scenarios/t.scenario.yaml': 'name: b\nsteps:\n  - do: order.craete\n',
    });
    projects.push(project);
    const result = await runCli(['validate', '--format', 'json'], { cwd: project.dir, timeoutMs: 30_000 });
    assert.equal(result.code, 2);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      problems: Array<{ code: string; file: string; line: number; column: number }>;
    };
    assert.equal(report.valid, false);
    assert.deepEqual(report.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`).sort(), [
      `${S}:2:1 REHEARSE_UNKNOWN_KEY`,
      `${S}:4:5 REHEARSE_UNKNOWN_STEP_KIND`,
      'scenarios/t.scenario.yaml:3:9 REHEARSE_UNKNOWN_ACTION',
    ]);
  });

  test('run refuses invalid files with exit 2 before contacting the target', async () => {
    const project = tempProject(scenario('name: a\nsteps:\n  - htp: GET /health\n'));
    projects.push(project);
    const result = await runCli(['run', '--base-url', 'http://127.0.0.1:9'], { cwd: project.dir, timeoutMs: 30_000 });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /s\.scenario\.yaml:3:5 error REHEARSE_UNKNOWN_STEP_KIND/);
    assert.doesNotMatch(result.stderr, /Preflight/);
  });

  test('an unknown environment flag is exit 2 with did-you-mean', async () => {
    const project = tempProject({
      'rehearse.config.yaml':
        'environments:\n  staging:\n    baseUrl: https://staging.example.com\n    allowedHosts: [staging.example.com]\n',
      [S]: 'name: a\nsteps:\n  - http: GET /health\n',
    });
    projects.push(project);
    const result = await runCli(['run', '--env', 'stagin'], { cwd: project.dir, timeoutMs: 30_000 });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Did you mean "staging"\?/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
