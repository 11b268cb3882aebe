import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acknowledge,
  buildX12,
  createControlNumbers,
  parseX12,
  queryX12,
  validateX12,
  type Interchange,
} from '../../src/edi/index.js';
import { SET_SEGMENTS, specFor } from './sample-specs.js';

const now = new Date('2026-11-22T12:30:00Z');
const numbers = () => createControlNumbers({ interchange: 500, group: 50, set: 5 });
const received = (text: string): Interchange => parseX12(text).interchanges[0]!;
const po = (edit: (text: string) => string = (t) => t): string =>
  edit(buildX12(specFor('850'), { controlNumbers: createControlNumbers({ interchange: 7, group: 1421, set: 10 }) }));
const ackSegments = (text: string): string[] =>
  parseX12(text).interchanges[0]!.groups[0]!.sets.flatMap((s) =>
    s.segments.slice(1, -1).map((x) => x.elements.join('*')),
  );

describe('acknowledge (997)', () => {
  it('accepts a clean 850: AK1 = GS01+GS06, AK2 = ST01+ST02, AK5 A, AK9 A 1/1/1, parties swapped', () => {
    const ack = acknowledge(received(po()), { controlNumbers: numbers(), now });
    assert.ok(ack.text);
    assert.deepEqual(ackSegments(ack.text), ['AK1*PO*1421', 'AK2*850*0010', 'AK5*A', 'AK9*A*1*1*1']);
    const interchange = parseX12(ack.text).interchanges[0]!;
    assert.deepEqual(
      [interchange.senderQualifier, interchange.senderId, interchange.receiverId],
      ['ZZ', 'SELLER', 'BUYER'],
    );
    const group = interchange.groups[0]!;
    assert.deepEqual(
      [group.functionalId, group.senderId, group.receiverId, group.version],
      ['FA', 'SELLER', 'BUYER', '004010'],
    );
    assert.equal(interchange.controlNumber, '000000500');
    assert.equal(ack.controlNumber, '000000500');
    assert.equal(interchange.date, '261122');
    assert.equal(validateX12(ack.text).valid, true);
    assert.deepEqual(ack.groups, [
      {
        functionalId: 'PO',
        controlNumber: '1421',
        version: '004010',
        status: 'A',
        included: 1,
        received: 1,
        accepted: 1,
        codes: [],
        sets: [{ setId: '850', controlNumber: '0010', status: 'A', codes: [], segments: [] }],
      },
    ]);
  });

  it('rejects a set whose SE01 is wrong with AK5 R 4 and AK9 R', () => {
    const ack = acknowledge(received(po((t) => t.replace('SE*12*0010', 'SE*13*0010'))), {
      controlNumbers: numbers(),
      now,
    });
    assert.deepEqual(ackSegments(ack.text!), ['AK1*PO*1421', 'AK2*850*0010', 'AK5*R*4', 'AK9*R*1*1*0']);
  });

  it('notes element errors in AK3/AK4 with position, reference, code and the bad value', () => {
    const text = po((t) => t.replace('BEG*00*SA*PO-1001**20261122', 'BEG*00*XX*PO-1001**20261340'));
    const ack = acknowledge(received(text), { controlNumbers: numbers(), now });
    assert.deepEqual(ackSegments(ack.text!), [
      'AK1*PO*1421',
      'AK2*850*0010',
      'AK3*BEG*2**8',
      'AK4*2*92*7*XX',
      'AK4*5*373*8*20261340',
      'AK5*R*5',
      'AK9*R*1*1*0',
    ]);
    assert.equal(validateX12(ack.text!).valid, true);
    const accepted = acknowledge(received(text), { controlNumbers: numbers(), now, acceptWithErrors: true });
    assert.deepEqual(ackSegments(accepted.text!).slice(-2), ['AK5*E*5', 'AK9*E*1*1*1']);
  });

  it('reports a missing mandatory segment with AK304 = 3', () => {
    const text = po((t) => t.replace('BEG*00*SA*PO-1001**20261122~\n', '').replace('SE*12*0010', 'SE*11*0010'));
    const ack = acknowledge(received(text), { controlNumbers: numbers(), now });
    assert.deepEqual(ackSegments(ack.text!), ['AK1*PO*1421', 'AK2*850*0010', 'AK3*BEG*2**3', 'AK5*R*5', 'AK9*R*1*1*0']);
  });

  it('rejects the group when GE01 miscounts its sets (AK9 code 5)', () => {
    const ack = acknowledge(received(po((t) => t.replace('GE*1*1421', 'GE*2*1421'))), {
      controlNumbers: numbers(),
      now,
    });
    assert.deepEqual(ackSegments(ack.text!).at(-1), 'AK9*R*2*1*1*5');
  });

  it('acknowledges each group with its own 997 and lists only sets in error when asked', () => {
    const sets = (id: string) => [{ id, segments: SET_SEGMENTS[id]! }];
    const text = buildX12(
      {
        sender: { id: 'BUYER' },
        receiver: { id: 'SELLER' },
        groups: [{ sets: [...sets('850'), ...sets('850')] }, { sets: sets('940') }],
      },
      { controlNumbers: createControlNumbers({ group: 30, set: 1 }) },
    );
    const ack = acknowledge(received(text), { controlNumbers: numbers(), now, detail: 'errors' });
    const parsed = parseX12(ack.text!).interchanges[0]!;
    assert.equal(parsed.groups.length, 1);
    assert.deepEqual(
      parsed.groups[0]!.sets.map((s) => queryX12(s, 'AK101')),
      ['PO', 'OW'],
    );
    assert.deepEqual(
      parsed.groups[0]!.sets.map((s) => queryX12(s, 'AK9')),
      ['AK9*A*2*2*2', 'AK9*A*1*1*1'],
    );
    assert.equal(queryX12(parsed, 'count(AK2)'), 0);
  });

  it('never acknowledges a 997', () => {
    const first = acknowledge(received(po()), { controlNumbers: numbers(), now });
    const second = acknowledge(received(first.text!), { controlNumbers: numbers(), now });
    assert.equal(second.text, undefined);
    assert.match(second.reason ?? '', /never acknowledged/);
    assert.deepEqual(second.skipped, [
      { functionalId: 'FA', controlNumber: '50', reason: 'Functional acknowledgments are never acknowledged.' },
    ]);
  });

  it('skips the 997 group of a mixed interchange and acknowledges the rest', () => {
    const text = buildX12(
      {
        sender: { id: 'BUYER' },
        receiver: { id: 'SELLER' },
        groups: [
          { sets: [{ id: '997', segments: SET_SEGMENTS['997']! }] },
          { sets: [{ id: '850', segments: SET_SEGMENTS['850']! }] },
        ],
      },
      { controlNumbers: createControlNumbers({ group: 1 }) },
    );
    const ack = acknowledge(received(text), { controlNumbers: numbers(), now });
    assert.deepEqual(
      ack.skipped.map((s) => s.functionalId),
      ['FA'],
    );
    assert.deepEqual(
      ack.groups.map((g) => [g.functionalId, g.controlNumber, g.status]),
      [['PO', '2', 'A']],
    );
  });

  it('writes the 997 with the delimiters it received', () => {
    const text = buildX12(
      specFor('850', { delimiters: { element: '|', component: '^', segment: '!', lineBreak: '\r\n' } }),
    );
    const ack = acknowledge(received(text), { controlNumbers: numbers(), now });
    assert.ok(ack.text!.startsWith('ISA|00|'));
    assert.ok(ack.text!.includes('!\r\nGS|FA|'));
  });
});
