// AK402 is the data element reference number of the element in error. This walks every
// segment of the dictionary and every element it defines through the real path — an invalid
// value in a received 850, validation, the 997 written, read back — and checks AK402 against
// the definition; a table transcribed from X12 004010 checks the definitions themselves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acknowledge, buildX12, createControlNumbers, parseX12 } from '../../src/edi/index.js';
import type { ElementDef, SegmentDef } from '../../src/edi/x12/definitions/model.js';
import { SEGMENTS } from '../../src/edi/x12/definitions/segments/index.js';
import { specFor } from './sample-specs.js';

const ENVELOPE = new Set(['GS', 'GE', 'ST', 'SE']);
const now = new Date('2026-11-22T12:00:00Z');

/** A value that breaks `def` (too long, or not a date/time), never one that passes. */
function invalid(def: ElementDef): string | undefined {
  switch (def.type) {
    case 'COMPOSITE':
    case 'B':
      return undefined;
    case 'DT':
      return '20261301';
    case 'TM':
      return '2561';
    case 'ID':
    case 'AN':
      return 'X'.repeat(def.max + 1);
    default:
      return '9'.repeat(def.max + 1);
  }
}

/** The AK4s of the 997 for an 850 that carries `segment` (elements already joined) before CTT. */
function ak4sFor(segment: string): Array<{ position: string; ref: string; code: string }> {
  const po = buildX12(specFor('850'), { controlNumbers: createControlNumbers({ interchange: 1, group: 1, set: 1 }) });
  const text = po.replace(/\nCTT\*/, `\n${segment}~\nCTT*`).replace(/SE\*(\d+)\*/, (_, n) => `SE*${Number(n) + 1}*`);
  const received = parseX12(text);
  assert.deepEqual(received.diagnostics, []);
  const ack = acknowledge(received.interchanges[0]!, { controlNumbers: createControlNumbers({ interchange: 9 }), now });
  assert.ok(ack.text, ack.reason);
  const set = parseX12(ack.text).interchanges[0]!.groups[0]!.sets[0]!;
  const id = segment.split('*')[0];
  const out: Array<{ position: string; ref: string; code: string }> = [];
  let inside = false;
  for (const s of set.segments) {
    if (s.id === 'AK3') inside = s.elements[1] === id;
    else if (s.id === 'AK4' && inside)
      out.push({ position: s.elements[1] ?? '', ref: s.elements[2] ?? '', code: s.elements[3] ?? '' });
  }
  return out;
}

const walked = [...SEGMENTS.values()].filter((def) => !ENVELOPE.has(def.id));

describe('AK4 names the data element reference number of every defined element', () => {
  it('every simple element of every segment in the dictionary has a reference number', () => {
    const missing: string[] = [];
    for (const def of SEGMENTS.values())
      def.elements.forEach((e, i) => {
        if (e.type !== 'COMPOSITE' && (e.ref === undefined || !Number.isInteger(e.ref) || e.ref < 1 || e.ref > 9999))
          missing.push(`${def.id}${String(i + 1).padStart(2, '0')}`);
      });
    assert.deepEqual(missing, []);
  });

  for (const def of walked) {
    it(`${def.id}: an invalid value in each element gives an AK4 whose AK402 is that element's number`, () => {
      const values = def.elements.map((e) => invalid(e) ?? '');
      const ak4s = ak4sFor([def.id, ...values].join('*'));
      const expected = def.elements.flatMap((e, i): Array<[string, string]> =>
        invalid(e) === undefined ? [] : [[String(i + 1), String(e.ref)]],
      );
      for (const [position, ref] of expected) {
        const found = ak4s.filter((a) => a.position === position);
        assert.ok(found.length > 0, `${def.id}${position.padStart(2, '0')} has no AK4: ${JSON.stringify(ak4s)}`);
        for (const a of found) assert.equal(a.ref, ref, `${def.id}${position.padStart(2, '0')} AK402`);
      }
    });
  }

  // X12 004010 element reference numbers, transcribed from the standard's segment directory as
  // published by X12 libraries (apimeister/x12-types v004010, kputnam/stupidedi 004010,
  // olmelabs/EdiEngine's 004010 940 map, kasoftware's X12 reference): one row per segment, one number per element position.
  const X12_004010: Record<string, number[]> = {
    GS: [479, 142, 124, 373, 337, 28, 455, 480],
    GE: [97, 28],
    ST: [143, 329, 1705],
    SE: [96, 329],
    AK1: [479, 28, 480],
    AK2: [143, 329, 1705],
    AK3: [721, 719, 447, 720],
    AK5: [717, 718, 718, 718, 718, 718],
    AK9: [715, 97, 123, 2, 716, 716, 716, 716, 716],
    BEG: [353, 92, 324, 328, 373, 367, 587, 1019, 1166, 1232, 786, 640],
    BAK: [353, 587, 324, 373, 328, 326, 367, 127, 373, 640, 1232],
    BSN: [353, 396, 373, 337, 1005, 640, 641],
    BIG: [373, 76, 373, 324, 328, 327, 640, 353, 306, 76],
    REF: [128, 127, 352],
    DTM: [374, 373, 337, 623, 1250, 1251],
    N1: [98, 93, 66, 67, 706, 98],
    N3: [166, 166],
    N4: [19, 156, 116, 26, 309, 310],
    PER: [366, 93, 365, 364, 365, 364, 365, 364, 443],
    PO1: [350, 330, 355, 212, 639, 235, 234, 235, 234],
    PID: [349, 750, 559, 751, 352, 752, 822, 1073, 819],
    CTT: [354, 347, 81, 355, 183, 355, 352],
    HL: [628, 734, 735, 736],
    LIN: [350, 235, 234, 235, 234],
    SN1: [350, 382, 355, 646, 330, 355, 728, 668],
    PRF: [324, 328, 327, 373, 367, 92],
    TD1: [103, 80, 23, 22, 79, 187, 81, 355, 183, 355],
    TD5: [133, 66, 67, 91, 387, 368, 309, 310, 731, 732, 733, 284, 284, 284, 26],
    IT1: [350, 358, 355, 212, 639, 235, 234],
    TDS: [610, 610, 610, 610],
    ACK: [668, 380, 355, 374, 373, 326, 235, 234],
    SCH: [380, 355, 98, 93, 374, 373, 337, 374, 373, 337, 326, 350],
    ITD: [336, 333, 338, 370, 351, 446, 386, 362, 388, 389, 342, 352, 765, 107, 954],
    LDT: [345, 380, 344],
    W05: [473, 285, 324, 472, 474, 640, 306],
    W01: [330, 355, 438, 235, 234, 235, 234, 59, 121, 23, 22, 416, 451, 286, 235, 234],
    W76: [330, 81, 355, 183, 355],
    W06: [473, 285, 373, 145],
    W12: [368, 330, 382, 380, 355, 438, 235, 234],
    W03: [382, 81, 355, 183, 355],
  };
  it('the dictionary agrees with the X12 004010 segment directory', () => {
    const wrong: string[] = [];
    for (const [id, refs] of Object.entries(X12_004010)) {
      const def: SegmentDef | undefined = SEGMENTS.get(id);
      if (!def) {
        wrong.push(`${id} is not defined`);
        continue;
      }
      refs.forEach((ref, i) => {
        const mine = def.elements[i]?.ref;
        if (mine !== ref) wrong.push(`${id}${String(i + 1).padStart(2, '0')}: ${mine} instead of ${ref}`);
      });
    }
    assert.deepEqual(wrong, []);
  });
});
