import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import { validateWithSchema } from '../../src/core/schema-validate.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';
import {
  buildX12,
  buildX12Document,
  createControlNumbers,
  defaultControlNumbers,
  parseX12,
  validateX12,
  X12BuildSpecSchema,
  type X12BuildSpec,
} from '../../src/edi/index.js';
import { FIXTURES_DIR, specFor } from './sample-specs.js';

const seeded = () => createControlNumbers({ interchange: 1, group: 1, set: 1 });

describe('buildX12', () => {
  it('writes a fixed-width ISA of 106 characters with padded ids and a 9-digit control number', () => {
    const text = buildX12(specFor('850'), { controlNumbers: createControlNumbers({ interchange: 42 }) });
    const isa = text.slice(0, text.indexOf('~') + 1);
    assert.equal(isa.length, 106);
    const fields = isa.slice(0, -1).split('*');
    assert.equal(fields[6], 'BUYER          ');
    assert.equal(fields[8], 'SELLER         ');
    assert.equal(fields[9], '261122');
    assert.equal(fields[10], '1200');
    assert.equal(fields[11], 'U');
    assert.equal(fields[12], '00401');
    assert.equal(fields[13], '000000042');
    assert.equal(fields[15], 'T');
    assert.equal(fields[16], '>');
  });

  it('computes SE01, GE01, IEA01 and copies SE02=ST02, GE02=GS06, IEA02=ISA13', () => {
    const built = buildX12Document(
      {
        sender: { id: 'AA' },
        receiver: { id: 'BB' },
        groups: [
          {
            sets: [
              { id: '850', segments: [['BEG', '00', 'SA', 'P1', '', '20260101']] },
              {
                id: '850',
                controlNumber: '9001',
                segments: [
                  ['BEG', '00', 'SA', 'P2', '', '20260101'],
                  ['REF', 'DP', '1'],
                ],
              },
            ],
          },
          {
            functionalId: 'SH',
            controlNumber: '77',
            sets: [{ id: '856', segments: [['BSN', '00', 'S1', '20260101', '1200']] }],
          },
        ],
      },
      { controlNumbers: createControlNumbers({ interchange: 9, group: 3, set: 12 }) },
    );
    const lines = built.text.trim().split('\n');
    assert.ok(lines.includes('SE*3*0012~'));
    assert.ok(lines.includes('SE*4*9001~'));
    assert.ok(lines.includes('GE*2*3~'));
    assert.ok(lines.includes('GE*1*77~'));
    assert.equal(lines.at(-1), 'IEA*2*000000009~');
    assert.deepEqual(
      built.groups.map((g) => [
        g.functionalId,
        g.controlNumber,
        g.sets.map((s) => `${s.id}/${s.controlNumber}/${s.segmentCount}`),
      ]),
      [
        ['PO', '3', ['850/0012/3', '850/9001/4']],
        ['SH', '77', ['856/0013/3']],
      ],
    );
    // The sets are too thin for their definitions (no PO1, no HL), but the envelopes are right.
    const envelope = validateX12(built.text).problems.filter((p) =>
      /^EDI_(ISA_FIELD|IEA0|GS0|GE0|ST0|SE0)/.test(p.code),
    );
    assert.deepEqual(envelope, []);
  });

  it('hands out unique control numbers across builds, and the same ones for the same seed', () => {
    const numbers = seeded();
    const a = buildX12Document(specFor('850'), { controlNumbers: numbers });
    const b = buildX12Document(specFor('850'), { controlNumbers: numbers });
    assert.notEqual(a.controlNumber, b.controlNumber);
    assert.notEqual(a.groups[0]!.controlNumber, b.groups[0]!.controlNumber);
    assert.notEqual(a.groups[0]!.sets[0]!.controlNumber, b.groups[0]!.sets[0]!.controlNumber);
    const again = buildX12Document(specFor('850'), { controlNumbers: seeded(), now: new Date('2026-01-01T00:00:00Z') });
    assert.equal(again.controlNumber, a.controlNumber);
    const shared = [buildX12Document(specFor('850')), buildX12Document(specFor('850'))].map((x) => x.controlNumber);
    assert.notEqual(shared[0], shared[1]);
    assert.match(shared[0]!, /^\d{9}$/);
    assert.ok(defaultControlNumbers().peek().interchange > 0);
  });

  it('wraps control numbers after 999999999', () => {
    const numbers = createControlNumbers({ interchange: 999_999_999 });
    assert.equal(numbers.nextInterchange(), '999999999');
    assert.equal(numbers.nextInterchange(), '000000001');
  });

  it('uses the given delimiters, line break, version and dates', () => {
    const text = buildX12(
      specFor('850', {
        version: '00501',
        date: '2026-03-04',
        time: '07:08',
        delimiters: { element: '|', component: ':', segment: '!', lineBreak: '' },
      }),
      { controlNumbers: seeded() },
    );
    assert.ok(!text.includes('\n'));
    const interchange = parseX12(text).interchanges[0]!;
    assert.deepEqual(interchange.delimiters, {
      element: '|',
      component: ':',
      segment: '!',
      suffix: '',
      repetition: '^',
    });
    assert.equal(interchange.date, '260304');
    assert.equal(interchange.groups[0]!.date, '20260304');
    assert.equal(interchange.groups[0]!.time, '0708');
    assert.equal(interchange.groups[0]!.version, '005010');
  });

  it('builds from a YAML file validated by the exported JSON Schema', () => {
    const file = 'fixtures/850.build.yaml';
    const source = parseYamlSource(file, readFileSync(new URL('850.build.yaml', FIXTURES_DIR), 'utf8'));
    assert.deepEqual(source.diagnostics, []);
    assert.deepEqual(validateWithSchema(X12BuildSpecSchema, source), []);
    const text = buildX12(source.value as X12BuildSpec, { controlNumbers: seeded() });
    const result = validateX12(text);
    assert.equal(result.valid, true, JSON.stringify(result.problems));
    const interchange = result.interchanges[0]!;
    assert.equal(interchange.receiverQualifier, '12');
    assert.equal(interchange.date, '261122');
    assert.deepEqual(interchange.groups[0]!.sets[0]!.segments[2]!.elements, ['N1', 'ST', 'ACME DC', '92', '0001']);
  });

  it('points at the YAML line of a spec mistake through the schema', () => {
    const source = parseYamlSource(
      'bad.yaml',
      'sender: { id: A }\nreceiver: { id: B }\nsets:\n  - id: "850"\n    segmnts: []\n',
    );
    const problems = validateWithSchema(X12BuildSpecSchema, source);
    assert.ok(
      problems.some((p) => p.line === 5 && /segmnts/.test(p.message)),
      JSON.stringify(problems),
    );
  });

  const mistakes: Array<[string, X12BuildSpec, RegExp]> = [
    [
      'a value holding the element separator',
      specFor('850', { sets: [{ id: '850', segments: [['BEG', '00', 'SA', 'PO*1', '', '20260101']] }] }),
      /element separator "\*"/,
    ],
    [
      'a value holding the terminator',
      specFor('850', { sets: [{ id: '850', segments: [['REF', 'DP', 'a~b']] }] }),
      /segment terminator/,
    ],
    [
      'an envelope segment among the set segments',
      specFor('850', { sets: [{ id: '850', segments: [['SE', '1', '0001']] }] }),
      /envelope segment \(SE\)/,
    ],
    ['a sender id longer than 15', specFor('850', { sender: { id: 'X'.repeat(16) } }), /longer than 15/],
    ['a one-character id that cannot be a GS02', specFor('850', { sender: { id: 'A' } }), /2–15 characters/],
    ['clashing delimiters', specFor('850', { delimiters: { element: '~' } }), /not all different/],
    ['a bad date', specFor('850', { date: 'tomorrow' }), /is not a date/],
    ['no sets', { sender: { id: 'AA' }, receiver: { id: 'BB' } }, /no transaction sets/],
    ['an unknown set without functionalId', specFor('850', { sets: [{ id: '123', segments: [] }] }), /functionalId/],
  ];
  for (const [name, spec, message] of mistakes) {
    it(`refuses ${name} with REHEARSE_EDI_BUILD_INVALID`, () => {
      assert.throws(
        () => buildX12(spec, { controlNumbers: seeded() }),
        (error: unknown) =>
          error instanceof RehearseError &&
          error.code === 'REHEARSE_EDI_BUILD_INVALID' &&
          message.test(error.message) &&
          /^Failed to build X12: /.test(error.message) &&
          !!error.hint,
      );
    });
  }
});
