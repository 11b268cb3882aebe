import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import {
  asnTree,
  buildX12,
  formatX12ForReport,
  parseX12,
  parseX12Path,
  querySegments,
  queryX12,
} from '../../src/edi/index.js';
import { SAMPLES_DIR, specFor } from './sample-specs.js';

const sample850 = parseX12(readFileSync(new URL('aaronhuggins__node-x12__850.edi', SAMPLES_DIR), 'utf8'));
const set850 = sample850.interchanges[0]!.groups[0]!.sets[0]!;

describe('queryX12', () => {
  it('reads one element: BEG03', () => {
    assert.equal(queryX12(set850, 'BEG03'), '08292233294');
    assert.equal(queryX12(set850, 'BEG.03'), '08292233294');
    assert.equal(queryX12(set850, 'BEG04'), undefined, 'empty elements read as undefined');
    assert.equal(queryX12(set850, 'BEG20'), undefined);
    assert.equal(queryX12(set850, 'XYZ01'), undefined);
  });

  it('reads every match: PO1[*].02', () => {
    assert.deepEqual(queryX12(set850, 'PO1[*].02'), ['120', '220', '126', '76', '72', '696']);
    assert.deepEqual(queryX12(set850, 'BEG[*].04'), ['']);
  });

  it('filters on a qualifier: N1[01=ST].02, REF[01!=DP].02', () => {
    assert.equal(queryX12(set850, 'N1[01=ST].02'), 'XYZ RETAIL');
    assert.equal(queryX12(set850, 'N1[01=BT].02'), undefined);
    assert.equal(queryX12(set850, 'REF[01!=DP].02'), 'R');
    assert.equal(queryX12(set850, 'PKG[05="REGULAR"].02'), '66');
  });

  it('picks the n-th match, 0-based, and counts from the end with a negative index', () => {
    assert.equal(queryX12(set850, 'PO1[1].02'), '220');
    assert.equal(queryX12(set850, 'PO1[-1].07'), '067504-118');
    assert.equal(queryX12(set850, 'PO1[6].02'), undefined);
  });

  it('counts and sums', () => {
    assert.equal(queryX12(set850, 'count(PO1)'), 6);
    assert.equal(queryX12(set850, 'sum(PO1[*].02)'), 1310);
    assert.equal(queryX12(set850, 'count(PKG[01=F])'), 2);
    assert.equal(queryX12(set850, 'CTT01'), '6');
  });

  it('sums decimal quantities exactly: sum(SN1[*].02) of 0.1 and 0.2 is 0.3', () => {
    const text = buildX12({
      sender: { id: 'AA' },
      receiver: { id: 'BB' },
      sets: [
        {
          id: '856',
          segments: [
            ['BSN', '00', 'SH1', '20261130', '0930'],
            ['SN1', '', '0.1', 'EA'],
            ['SN1', '', '0.2', 'EA'],
            ['SN1', '', '', 'EA'],
          ],
        },
      ],
    });
    const set = parseX12(text).interchanges[0]!.groups[0]!.sets[0]!;
    assert.equal(0.1 + 0.2, 0.30000000000000004, 'the problem with doubles');
    assert.equal(queryX12(set, 'sum(SN1[*].02)'), 0.3);
    assert.equal(queryX12(set, 'sum(SN1[*].03)'), NaN, 'a value that is not a number makes the sum NaN');
  });

  it('reads composite components, 1-based: AK401-2 / PO1.03-1', () => {
    const text = buildX12({
      sender: { id: 'AA' },
      receiver: { id: 'BB' },
      delimiters: { component: ':' },
      sets: [
        {
          id: '997',
          segments: [
            ['AK1', 'PO', '1'],
            ['AK2', '850', '0001'],
            ['AK3', 'PO1', 3, '', 8],
            ['AK4', [4, 2], 212, 6, 'x'],
            ['AK5', 'R', 5],
            ['AK9', 'R', 1, 1, 0],
          ],
        },
      ],
    });
    const set = parseX12(text).interchanges[0]!.groups[0]!.sets[0]!;
    assert.equal(queryX12(set, 'AK401'), '4:2');
    assert.equal(queryX12(set, 'AK401-1'), '4');
    assert.equal(queryX12(set, 'AK4.01-2'), '2');
    assert.equal(queryX12(set, 'AK4[01=4].03'), '6', 'a qualifier filter compares the first component');
  });

  it('scopes to a loop: PO1[1]>PID.05 and HL[03=I][*]>SN1.02', () => {
    assert.equal(queryX12(set850, 'PO1[1]>PID.05'), 'MEDIUM WIDGET');
    assert.deepEqual(queryX12(set850, 'PO1[*]>PO4.01'), ['4', '2', '6', '4', '4', '6']);
    assert.equal(queryX12(set850, 'PO1[-1]>CTT01'), undefined, 'the summary is outside the PO1 loop');
    const asn = parseX12(buildX12(specFor('856'))).interchanges[0]!.groups[0]!.sets[0]!;
    assert.deepEqual(queryX12(asn, 'HL[03=I][*]>SN1.02'), ['6', '5', '4']);
    assert.deepEqual(queryX12(asn, 'HL[03=I][*]>LIN.03'), ['WIDGET-1', 'GADGET-2', 'WIDGET-1']);
  });

  it('queries whole interchanges and parse results, envelopes included', () => {
    assert.equal(queryX12(sample850, 'GS06'), '1421');
    assert.equal(queryX12(sample850.interchanges[0]!, 'ISA13'), '000003438');
    assert.equal(queryX12(sample850.interchanges, 'count(ST)'), 1);
    assert.equal(querySegments(set850, 'PO1[*]').length, 6);
    assert.equal(queryX12(set850, 'BEG'), 'BEG*00*SA*08292233294**20101127*610385385');
  });

  it('refuses a path it cannot read with REHEARSE_EDI_QUERY_INVALID and a hint', () => {
    for (const path of ['po1', 'PO1[x]', 'sum(PO1)', 'PO1.abc', 'X']) {
      assert.throws(
        () => queryX12(set850, path),
        (e: unknown) =>
          e instanceof RehearseError && e.code === 'REHEARSE_EDI_QUERY_INVALID' && /PO1\[\*\]\.02/.test(e.hint ?? ''),
        path,
      );
      assert.equal(parseX12Path(path).ok, false);
    }
  });

  it('splits segment ids from element positions the way guides write them', () => {
    const selector = (path: string) => {
      const parsed = parseX12Path(path);
      assert.ok(parsed.ok);
      const s = parsed.path.selectors[0]!;
      return [s.segment, s.element, s.component];
    };
    assert.deepEqual(selector('N104'), ['N1', 4, undefined]);
    assert.deepEqual(selector('PO102'), ['PO1', 2, undefined]);
    assert.deepEqual(selector('W0501'), ['W05', 1, undefined]);
    assert.deepEqual(selector('W05'), ['W05', undefined, undefined]);
    assert.deepEqual(selector('G62'), ['G62', undefined, undefined]);
    assert.deepEqual(selector('PO103-1'), ['PO1', 3, 1]);
  });
});

describe('asnTree', () => {
  it('reads shipment → orders → packs → items with quantities per item and totals', () => {
    const set = parseX12(buildX12(specFor('856'))).interchanges[0]!.groups[0]!.sets[0]!;
    const tree = asnTree(set);
    assert.equal(tree.shipmentId, 'SHIP-1');
    assert.equal(tree.date, '20261122');
    assert.equal(tree.shipment?.level, 'S');
    assert.deepEqual(tree.problems, []);
    assert.deepEqual(
      tree.orders.map((o) => ({
        po: o.purchaseOrder,
        packs: o.packs.map((p) => ({ marks: p.marks, items: p.items.map((i) => [i.productId, i.quantity, i.unit]) })),
        quantities: o.quantities,
      })),
      [
        {
          po: 'PO-1001',
          packs: [
            {
              marks: ['00000123450000000018'],
              items: [
                ['WIDGET-1', 6, 'EA'],
                ['GADGET-2', 5, 'EA'],
              ],
            },
            { marks: ['00000123450000000025'], items: [['WIDGET-1', 4, 'EA']] },
          ],
          quantities: { 'WIDGET-1': 10, 'GADGET-2': 5 },
        },
      ],
    );
    assert.deepEqual(tree.quantities, { 'WIDGET-1': 10, 'GADGET-2': 5 });
    assert.deepEqual(tree.items[0]!.productIds, { VP: 'WIDGET-1' });
    assert.equal(tree.items[0]!.lineNumber, '1');
  });

  it('puts items without packs directly on the order and packs on tares under their order', () => {
    const segments = [
      ['BSN', '00', 'S2', '20261122', '1200'],
      ['HL', '1', '', 'S'],
      ['HL', '2', '1', 'O'],
      ['PRF', 'PO-A'],
      ['HL', '3', '2', 'I'],
      ['LIN', '', 'UP', '111'],
      ['SN1', '', '2', 'EA'],
      ['SN1', '', '3', 'EA'],
      ['HL', '4', '2', 'T'],
      ['HL', '5', '4', 'P'],
      ['HL', '6', '5', 'I'],
      ['LIN', '', 'UP', '111'],
      ['SN1', '', '1', 'EA'],
    ];
    const set = parseX12(buildX12(specFor('856', { sets: [{ id: '856', segments }] }))).interchanges[0]!.groups[0]!
      .sets[0]!;
    const tree = asnTree(set);
    const order = tree.orders[0]!;
    assert.deepEqual(
      order.items.map((i) => [i.productId, i.quantity]),
      [['111', 5]],
    );
    assert.deepEqual(
      order.packs.map((p) => [p.hl, p.tare, p.items.map((i) => i.quantity)]),
      [['5', '4', [1]]],
    );
    assert.deepEqual(tree.quantities, { '111': 6 });
  });
});

describe('formatX12ForReport', () => {
  it('puts one segment per line whatever the terminator', () => {
    const text = `\uFEFF${buildX12(specFor('850', { delimiters: { segment: '\u2026', lineBreak: '' } }))}`;
    const lines = formatX12ForReport(text).trimEnd().split('\n');
    assert.equal(lines.length, 16);
    assert.ok(lines[0]!.startsWith('ISA*00*'));
    assert.ok(lines.every((l) => l.endsWith('\u2026')));
    assert.equal(lines[3], 'BEG*00*SA*PO-1001**20261122\u2026');
    const indented = formatX12ForReport(text, { indent: true }).split('\n');
    assert.equal(indented[1], '  GS*PO*BUYER*SELLER*20261122*1200*' + indented[1]!.split('*')[6] + '*X*004010\u2026');
    assert.ok(indented[3]!.startsWith('      BEG*'));
  });

  it('returns text that is not X12 unchanged', () => {
    assert.equal(formatX12ForReport('not edi at all'), 'not edi at all');
  });
});
