import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InvalidProjectError } from '../../src/core/errors.js';
import { formatDiagnostics } from '../../src/core/format-diagnostics.js';
import {
  faultProfileJsonSchema,
  parseFaultProfile,
  startVirtualServices,
  validateInlineRules,
} from '../../src/virtual/index.js';
import { SERVICES_DIR } from './helpers.js';

const MODELINE = '# yaml-language-server: $schema=../../../schemas/fault-profile.schema.json';

describe('fault profile validation', () => {
  const temp = mkdtempSync(join(tmpdir(), 'rehearse-faults-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('points at file:line:col with a did-you-mean for a misspelt key', () => {
    const text = [
      MODELINE,
      'rules:',
      '  - name: slow',
      '    latency: { model: fixed, delay: 200ms }',
      '  - probabilty: 0.2',
      '    error: 503',
      '',
    ].join('\n');
    const { profile, diagnostics } = parseFaultProfile('virtual-services/carrier/faults/bad.yaml', text);
    assert.equal(profile, undefined);
    const unknown = diagnostics.find((d) => d.code === 'REHEARSE_UNKNOWN_KEY');
    assert.ok(unknown, formatDiagnostics(diagnostics));
    assert.equal(unknown.file, 'virtual-services/carrier/faults/bad.yaml');
    assert.equal(unknown.line, 5);
    assert.equal(unknown.column, 5);
    assert.equal(unknown.hint, 'Did you mean "probability"?');
  });

  it('suggests the latency model and flags keys the model does not use', () => {
    const text = ['rules:', '  - latency: { model: lognormal, p50: 100ms, p95: 1s }', ''].join('\n');
    const { diagnostics } = parseFaultProfile('p.yaml', text);
    const unknown = diagnostics.find((d) => d.code === 'REHEARSE_UNKNOWN_KEY');
    assert.equal(unknown?.hint, 'Did you mean "p99"?');
    assert.equal(unknown?.line, 2);

    const semantic = parseFaultProfile(
      'q.yaml',
      ['rules:', '  - latency: { model: uniform, min: 50ms, p99: 1s }', ''].join('\n'),
    ).diagnostics;
    assert.deepEqual(
      semantic.map((d) => [d.code, d.line]),
      [
        ['REHEARSE_MISSING_KEY', 2],
        ['REHEARSE_UNKNOWN_KEY', 2],
      ],
    );
    const model = parseFaultProfile(
      'r.yaml',
      'rules:\n  - latency: { model: lognormol, p50: 1s, p99: 2s }\n',
    ).diagnostics;
    assert.equal(model[0]?.hint, 'Did you mean "lognormal"?');
  });

  it('rejects conflicting faults and rules that do nothing', () => {
    const text = ['rules:', '  - error: 503', '    reset: true', '  - match: { route: POST /labels }', ''].join('\n');
    const { diagnostics } = parseFaultProfile('c.yaml', text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line]),
      [
        ['REHEARSE_FAULT_CONFLICT', 3],
        ['REHEARSE_FAULT_EMPTY', 4],
      ],
    );
  });

  it('validates inline rules from the admin API the same way', () => {
    const { rules, diagnostics } = validateInlineRules([{ error: { staus: 503 } }], '(admin)');
    assert.equal(rules, undefined);
    assert.ok(
      diagnostics.some((d) => d.hint === 'Did you mean "status"?'),
      formatDiagnostics(diagnostics),
    );
  });

  it('refuses to start with a broken profile, reporting every problem with its position', async () => {
    const partner = join(temp, 'services', 'echo');
    mkdirSync(join(partner, 'faults'), { recursive: true });
    writeFileSync(
      join(partner, 'handlers.js'),
      "export default ({ route, reply }) => { route.get('/ping', () => reply.json({ ok: true })); };\n",
    );
    writeFileSync(join(partner, 'faults', 'bad.yaml'), `${MODELINE}\nrules:\n  - eror: 503\n`);
    writeFileSync(join(partner, 'faults', 'also-bad.yaml'), `rules:\n  - latency: { model: fixed }\n`);
    await assert.rejects(startVirtualServices({ dir: join(temp, 'services') }), (error: unknown) => {
      assert.ok(error instanceof InvalidProjectError);
      const text = formatDiagnostics(error.diagnostics);
      assert.match(text, /faults\/bad\.yaml:3:5 error REHEARSE_UNKNOWN_KEY/);
      assert.match(text, /Did you mean "error"\?/);
      assert.match(text, /faults\/also-bad\.yaml:2:/);
      return true;
    });
  });

  it('ships every partner with valid healthy, slow, flaky, outage, rate-limited and malformed profiles', () => {
    for (const partner of ['carrier', 'edi-van', 'tax', 'payment', 'supplier']) {
      const dir = join(SERVICES_DIR, partner, 'faults');
      const files = readdirSync(dir);
      for (const name of ['healthy', 'slow', 'flaky', 'outage', 'rate-limited', 'malformed'])
        assert.ok(files.includes(`${name}.yaml`), `${partner}/${name}`);
      for (const file of files) {
        const text = readFileSync(join(dir, file), 'utf8');
        assert.ok(text.startsWith(MODELINE), `${partner}/${file} starts with the modeline`);
        const { diagnostics } = parseFaultProfile(`${partner}/${file}`, text);
        assert.deepEqual(diagnostics, [], formatDiagnostics(diagnostics));
      }
    }
  });

  it('keeps schemas/fault-profile.schema.json in step with the TypeBox schema', () => {
    const written = JSON.parse(
      readFileSync(new URL('../../schemas/fault-profile.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    assert.deepEqual(written, faultProfileJsonSchema());
  });
});
