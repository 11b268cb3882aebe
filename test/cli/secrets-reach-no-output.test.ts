// The issue's "Done when" for secrets: a run against a target that exercises every auth type,
// a login that answers a token in its body and in a header, a Set-Cookie, URL user-info and
// signed query parameters — with failing checks that quote the secrets, a failing cleanup step,
// a `secret: true` parameter, a declared secret variable, and Playwright traces on — leaves no
// secret in any byte of any output: console, JUnit, the JSON report, the HTML report (its
// embedded archive unpacked), Allure's results, test-results/ (traces unzipped), the blob report
// and the reports `rehearse report merge` makes of it, in any encoding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readHtmlReport, stepAttachments, stepTitled } from '../helpers/html-report.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { filesUnder, linkRehearse, reportedTests, type ReportedTest } from '../helpers/report-files.js';
import { scanBuffer, scanPaths, type ScanResult } from '../helpers/scan-secrets.js';
import { fakeSecrets, startSecretsTarget, type SecretsTarget } from '../helpers/secrets-target.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const REPORTERS = 'list,html,junit,json,allure,blob';

const TENANTS: Record<string, string> = {
  bearer: '{ type: bearer, token: env:FX_BEARER }',
  'apikey-header': '{ type: apiKey, header: X-Partner-Key, value: env:FX_APIKEY_HEADER }',
  'apikey-query': '{ type: apiKey, query: k, value: env:FX_APIKEY_QUERY }',
  basic: '{ type: basic, username: env:FX_BASIC_USER, password: env:FX_BASIC_PASSWORD }',
  oauth2: '{ type: oauth2, tokenUrl: /oauth/token, clientId: env:FX_CLIENT_ID, clientSecret: env:FX_CLIENT_SECRET }',
};

describe('no secret reaches any output of a run, in any encoding', () => {
  const secrets = fakeSecrets();
  let target: SecretsTarget;
  let project: TempProject;
  let run: CliResult;
  let tests: ReportedTest[];
  let scan: ScanResult;
  const inputs = new Set<string>();
  let maskedCopies: string[] = [];

  before(async () => {
    target = await startSecretsTarget(secrets);
    const files: Record<string, string | null> = {
      'tenant-profiles/standard.yaml': null,
      'tenant-profiles/regulated.yaml': null,
      // A user's project is an ES module package, as Rehearse is.
      'package.json': '{ "type": "module", "private": true }\n',
      'playwright.config.ts': [
        "import { defineRehearseConfig } from 'rehearse/playwright';",
        "export default defineRehearseConfig({ use: { trace: 'on' } });",
        '',
      ].join('\n'),
      'scenarios/actions/vault.yaml': [
        'actions:',
        '  vault.unlock:',
        '    params:',
        '      code: { type: string, required: true, secret: true }',
        '    api:',
        '      - graphql:',
        '          query: "mutation Unlock($c: String!) { unlock(code: $c) { ok echo } }"',
        '          variables: { c: "{{ code }}" }',
        '        expect: { data.unlock.ok: true }',
        '',
      ].join('\n'),
      'scenarios/auth-echo.scenario.yaml': [
        'name: auth-echo',
        'title: Every auth type, echoed back and quoted by a failing check',
        'steps:',
        '  - http: GET /whoami',
        '    expect: { status: 200 }',
        '  - name: The echo quotes the credentials back',
        '    http: GET /echo',
        '    expect: { body.received: { contains: "a credential that was never sent" } }',
        'cleanup:',
        '  - name: A cleanup that fails and quotes the credentials',
        '    http: POST /cleanup',
        '    expect: { status: 200, body.received: { eq: "nothing" } }',
        '',
      ].join('\n'),
      'scenarios/login-session.scenario.yaml': [
        'name: login-session',
        'title: A login, its token, cookie, user-info, signed URLs and declared secrets',
        'tenants: [bearer]',
        'secrets: [vaultPhrase]',
        'vars:',
        `  vaultPhrase: ${secrets.declaredVar}`,
        'steps:',
        '  - name: Log in',
        '    http: POST /login',
        `    json: { username: qa, password: ${secrets.loginPassword} }`,
        '    save: { jwt: body.accessToken, sessionRef: headers.x-auth-token }',
        '  - name: "Call with the token {{ jwt }} in the API’s own headers"',
        '    http: GET /echo',
        '    headers: { x-access-token: "{{ jwt }}", x-session-ref: "{{ sessionRef }}" }',
        `  - http: GET http://qa:${secrets.userInfoPassword}@127.0.0.1:${target.port}/echo`,
        `  - http: GET /signed?X-Amz-Signature=${secrets.amzSignature}&X-Goog-Signature=${secrets.googSignature}&sig=${secrets.sasSignature}&page=1`,
        '  - do: vault.unlock',
        `    with: { code: ${secrets.secretParam} }`,
        '  - http: POST /echo',
        '    json: { note: "{{ vaultPhrase }}" }',
        '  - set: { copied: "{{ vaultPhrase }}" }',
        '  - name: Everything the session holds, quoted by a failing check',
        '    http: POST /echo',
        '    json: { remember: "{{ copied }}", token: "{{ jwt }}" }',
        '    expect: { body.received: { contains: "a value that is not there" } }',
        'cleanup:',
        '  - name: A failing cleanup that quotes the saved token',
        '    expect: { jwt: "not-the-token" }',
        '',
      ].join('\n'),
    };
    for (const [name, auth] of Object.entries(TENANTS))
      files[`tenant-profiles/${name}.yaml`] = `name: ${name}\ncustomers: [{ id: C-1 }]\nauth: ${auth}\n`;
    project = tempProject(files);
    linkRehearse(project.dir);
    for (const file of filesUnder(project.dir)) inputs.add(file);

    run = await runCli(['run', '--base-url', target.url, '--workers', '2', '--reporter', REPORTERS], {
      cwd: project.dir,
      env: {
        FX_BEARER: secrets.bearer,
        FX_APIKEY_HEADER: secrets.apiKeyHeader,
        FX_APIKEY_QUERY: secrets.apiKeyQuery,
        FX_BASIC_USER: secrets.basicUser,
        FX_BASIC_PASSWORD: secrets.basicPassword,
        FX_CLIENT_ID: secrets.clientId,
        FX_CLIENT_SECRET: secrets.clientSecret,
      },
      timeoutMs: 180_000,
    });
    if (!existsSync(join(project.dir, 'reports', 'results.json')))
      throw new Error(`the run wrote no JSON report (exit ${run.code}):\n${run.stdout}${run.stderr}`);
    tests = reportedTests(join(project.dir, 'reports', 'results.json'));
    // The blob report and what `rehearse report merge` makes of it are outputs too.
    const merge = await runCli(['report', 'merge', '--output', 'merged'], { cwd: project.dir, timeoutMs: 60_000 });
    if (!existsSync(join(project.dir, 'merged', 'junit.xml')))
      throw new Error(`the merge wrote no JUnit (exit ${merge.code}):\n${merge.stdout}${merge.stderr}`);
    const needles: Record<string, string> = { ...secrets, basicPair: `${secrets.basicUser}:${secrets.basicPassword}` };
    // Generated specs are code; the masked copies of YAML files that steps are located in are quoted by Playwright.
    const outputs = filesUnder(project.dir).filter(
      (file) => !inputs.has(file) && (!file.startsWith('.rehearse/') || file.startsWith('.rehearse/sources/')),
    );
    maskedCopies = outputs.filter((file) => file.startsWith('.rehearse/sources/'));
    scan = scanPaths(
      needles,
      outputs.map((file) => join(project.dir, file)),
    );
    const console = scanBuffer(needles, 'console', Buffer.from(run.stdout + run.stderr + merge.stdout + merge.stderr));
    scan.scanned.push(...console.scanned);
    scan.findings.push(...console.findings);
  });
  after(async () => {
    await target?.close();
    project?.remove();
  });

  test('the run did its work: every credential, token, cookie and signature was really sent', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const sent = (predicate: (r: SecretsTarget['requests'][number]) => boolean, what: string) =>
      assert.ok(target.requests.some(predicate), `the target never received ${what}`);
    sent((r) => r.headers.authorization === `Bearer ${secrets.bearer}`, 'the bearer token');
    sent((r) => r.headers['x-partner-key'] === secrets.apiKeyHeader, 'the API key header');
    sent((r) => r.url.includes(`k=${secrets.apiKeyQuery}`), 'the API key query parameter');
    sent(
      (r) =>
        r.headers.authorization ===
        `Basic ${Buffer.from(`${secrets.basicUser}:${secrets.basicPassword}`).toString('base64')}`,
      'basic credentials',
    );
    sent((r) => r.body.includes(`client_secret=${secrets.clientSecret}`), 'the OAuth2 client secret');
    sent((r) => r.headers.authorization === `Bearer ${secrets.oauthAccess}`, 'the OAuth2 access token');
    sent((r) => r.body.includes(secrets.loginPassword), 'the login password');
    sent(
      (r) => r.headers['x-access-token'] === secrets.loginToken && r.headers['x-session-ref'] === secrets.headerToken,
      'the saved token and header value',
    );
    sent((r) => r.headers.cookie === `sid=${secrets.cookie}`, 'the session cookie');
    sent((r) => r.url.includes(secrets.amzSignature) && r.url.includes(secrets.googSignature), 'the presigned query');
    sent((r) => r.body.includes(secrets.secretParam), 'the secret: true parameter (a GraphQL variable)');
    sent((r) => r.body.includes(secrets.declaredVar), 'the declared secret variable');
  });

  test('failures are still reported with what was expected, the secrets hidden', () => {
    assert.equal(tests.length, 6, tests.map((t) => t.title).join(', '));
    for (const t of tests) assert.equal(t.status, 'failed', `${t.title}: ${t.message}`);
    const login = tests.find((t) => t.result.scenario === 'login-session')!;
    assert.match(login.message, /body\.received: expected to contain "a value that is not there", got ".*\[REDACTED\]/);
    assert.match(login.message, /cookie: \[REDACTED\]/, 'the quoted request shows where its cookie was');
    assert.deepEqual(
      login.result.steps.map((s) => s.status),
      ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'failed'],
    );
    assert.equal(login.result.cleanup[0]?.status, 'failed', 'the failing cleanup step ran');
    const titles = login.result.steps.map((s) => s.title);
    assert.ok(titles.includes('Call with the token [REDACTED] in the API’s own headers'), titles.join(' | '));
    assert.ok(titles.includes(`GET http://[REDACTED]@127.0.0.1:${target.port}/echo`), titles.join(' | '));
    assert.ok(
      titles.includes('GET /signed?X-Amz-Signature=[REDACTED]&X-Goog-Signature=[REDACTED]&sig=[REDACTED]&page=1'),
      titles.join(' | '),
    );
    for (const t of tests.filter((x) => x.result.scenario === 'auth-echo')) {
      assert.equal(t.result.steps[0]?.status, 'passed', `${t.title}: the tenant's credentials were accepted`);
      assert.match(t.message, /expected to contain "a credential that was never sent"/);
      assert.equal(t.result.cleanup[0]?.status, 'failed', `${t.title}: the failing cleanup step ran`);
    }
  });

  test('every output was searched: console, JUnit, JSON, the HTML report unpacked, traces unzipped', () => {
    const views = scan.scanned.join('\n');
    for (const expected of [
      /^console/m,
      /reports\/junit\.xml/,
      /reports\/results\.json/,
      /reports\/html\/index\.html!embedded-zip/,
      /test-results\/.*\/trace\.zip!/,
      /reports\/allure-results\/[0-9a-f-]{36}-result\.json/,
      /reports\/allure-results\/environment\.properties/,
      /reports\/blob\/report\.zip!report\.jsonl/,
      /merged\/junit\.xml/,
      /merged\/html\/index\.html!embedded-zip/,
    ])
      assert.match(views, expected);
    const traces = scan.scanned.filter((v) => /trace\.zip \(/.test(v));
    assert.equal(traces.length, 6, `one trace per test:\n${traces.join('\n')}`);
    // login-session.scenario.yaml and vault.yaml hold secrets as written: their steps are located in masked copies.
    assert.ok(
      maskedCopies.some((f) => /^\.rehearse\/sources\/scenarios\/login-session\.scenario\.[0-9a-f]{8}\.yaml$/.test(f)),
      `masked copies: ${maskedCopies.join(', ')}`,
    );
  });

  test('the scan reached the evidence on the failing steps of the HTML report (cause, exchanges as HTTP text)', () => {
    const report = readHtmlReport(join(project.dir, 'reports', 'html'));
    const login = report.tests.find((t) => t.title.startsWith('A login, its token'))!.results.at(-1)!;
    const step = stepTitled(login, 'Everything the session holds, quoted by a failing check');
    const attachments = stepAttachments(login, step);
    assert.deepEqual(
      attachments.map((a) => a.name),
      ['cause', 'POST /echo → 200'],
    );
    assert.match(attachments[0]!.body!, /expected to contain "a value that is not there"/);
    assert.match(attachments[1]!.body!, /^cookie: \[REDACTED\]$/m);
  });

  test('and finds no secret anywhere', (t) => {
    t.diagnostic(
      `${scan.scanned.length} outputs scanned (files, zip entries, embedded archives), ${scan.findings.length} findings`,
    );
    assert.deepEqual(
      scan.findings.map((f) => `${f.secret} (${f.encoding}) in ${f.view}: …${f.context}…`),
      [],
      `${scan.scanned.length} views scanned`,
    );
  });
});
