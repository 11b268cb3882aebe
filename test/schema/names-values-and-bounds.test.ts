// The schemas refuse what fits the syntax but not reality, at the exact node, with a
// did-you-mean wherever the value is one of a list: record keys break their name pattern
// (TypeBox's patternProperties never refused one), durations past what a timer holds,
// counts past any sane run, enum and tagged-union typos.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateWithSchema } from '../../src/core/schema-validate.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';
import {
  ConfigSchema,
  fileSchemaForLoading,
  SHALLOW_STEP_SCHEMAS,
  ScenarioSchema,
  TenantProfileSchema,
} from '../../src/schema/index.js';
import type { TSchema } from '@sinclair/typebox';

const check = (schema: TSchema, text: string) =>
  validateWithSchema(fileSchemaForLoading(schema), parseYamlSource('f.yaml', text)).map((d) =>
    `${d.code} ${d.line}:${d.column} ${d.hint ?? ''}`.trim(),
  );

describe('record keys', () => {
  test('a key that breaks the name pattern is refused at the key', () => {
    assert.deepEqual(
      check(ScenarioSchema, 'name: s\nvars: { ok: 1, order-id: 2, 9lives: 3 }\nsteps: [{ wait: 1ms }]\n').map((s) =>
        s.split(' ').slice(0, 2).join(' '),
      ),
      ['REHEARSE_INVALID_NAME 2:16', 'REHEARSE_INVALID_NAME 2:29'],
    );
  });

  test('environment names follow the documented lower-case pattern', () => {
    const [problem] = check(
      ConfigSchema,
      'environments:\n  Staging: { baseUrl: https://x.example.com, allowedHosts: [x.example.com] }\n',
    );
    assert.match(problem!, /^REHEARSE_INVALID_NAME 2:3/);
  });
});

describe('enumerated values get a did-you-mean', () => {
  test('auth type oauth → oauth2, at the type', () => {
    assert.deepEqual(
      check(
        TenantProfileSchema,
        'name: t\nauth: { type: oauth, tokenUrl: /t, clientId: env:A, clientSecret: env:B }\n',
      ),
      ['REHEARSE_INVALID_VALUE 2:15 Did you mean "oauth2"?'],
    );
  });

  test('auth without a type says the type is missing', () => {
    const [problem] = check(TenantProfileSchema, 'name: t\nauth: { token: env:A }\n');
    assert.match(problem!, /^REHEARSE_MISSING_KEY 2:7/);
  });

  test('drivers: [apii] → api', () => {
    assert.deepEqual(check(ScenarioSchema, 'name: s\ndrivers: [apii]\nsteps: [{ wait: 1ms }]\n'), [
      'REHEARSE_INVALID_VALUE 2:11 Did you mean "api"?',
    ]);
  });
});

describe('durations and counts', () => {
  const step = (kind: keyof typeof SHALLOW_STEP_SCHEMAS, text: string) =>
    validateWithSchema(SHALLOW_STEP_SCHEMAS[kind], parseYamlSource('s.yaml', text)).map(
      (d) => `${d.code} ${d.message}`,
    );

  test('the longest duration a timer holds passes; one millisecond more does not', () => {
    assert.deepEqual(step('wait', 'wait: 2147483647ms\n'), []);
    assert.deepEqual(step('wait', 'wait: 596h\n'), []);
    assert.match(step('wait', 'wait: 2147483648ms\n')[0]!, /^REHEARSE_DURATION_TOO_LONG .*24\.8 days/);
  });

  test('a unit Rehearse does not take gets the conversion', () => {
    const [problem] = validateWithSchema(SHALLOW_STEP_SCHEMAS.wait, parseYamlSource('s.yaml', 'wait: 2d\n'));
    assert.equal(problem?.hint, 'Durations take ms, s, m or h: write 48h.');
  });

  test('counts have upper bounds, and the message says the range', () => {
    assert.match(
      step('repeat', 'repeat: 1e9\nsteps: [{ wait: 1ms }]\n')[0]!,
      /^REHEARSE_OUT_OF_RANGE .*at most 100000/,
    );
    assert.deepEqual(step('repeat', 'repeat: 100000\nsteps: [{ wait: 1ms }]\n'), []);
    assert.deepEqual(step('repeat', "repeat: '{{ tenant.volume.orders }}'\nsteps: [{ wait: 1ms }]\n"), []);
  });
});
