import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseEdifact, queryEdifact } from '../../src/edi/index.js';
import { FIXTURES_DIR } from './sample-specs.js';

const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES_DIR), 'utf8');

describe('parseEdifact', () => {
  it('reads an ORDERS with UNA, release characters and line breaks', () => {
    const parsed = parseEdifact(fixture('orders.edifact'), { file: 'orders.edifact' });
    assert.deepEqual(parsed.diagnostics, []);
    const interchange = parsed.interchanges[0]!;
    assert.equal(interchange.hasUna, true);
    assert.deepEqual(interchange.syntax, { id: 'UNOC', version: '3' });
    assert.deepEqual(interchange.sender, { id: '5412345000013', qualifier: '14' });
    assert.equal(interchange.controlReference, 'REF0001');
    const message = interchange.messages[0]!;
    assert.deepEqual(
      [message.reference, message.type, message.version, message.release, message.agency],
      ['1', 'ORDERS', 'D', '96A', 'UN'],
    );
    assert.equal(message.segments.length, 13);
    const supplier = message.segments.find((s) => s.tag === 'NAD' && s.elements[1]![0] === 'SU')!;
    assert.deepEqual(supplier.elements[4], ["O'BRIEN SUPPLIES+CO"]);
    assert.deepEqual(supplier.position, { line: 7, column: 1, offset: supplier.position.offset });
  });

  it('uses the default delimiters without UNA (DESADV on one line)', () => {
    const parsed = parseEdifact(fixture('desadv-no-una.edifact'));
    assert.deepEqual(parsed.diagnostics, []);
    const interchange = parsed.interchanges[0]!;
    assert.equal(interchange.hasUna, false);
    assert.deepEqual(interchange.delimiters, {
      component: ':',
      element: '+',
      decimal: '.',
      release: '?',
      segment: "'",
    });
    assert.equal(interchange.messages[0]!.type, 'DESADV');
    const dtm = interchange.messages[0]!.segments[2]!;
    assert.equal(dtm.tag, 'DTM');
    assert.equal(dtm.position.column, fixture('desadv-no-una.edifact').indexOf('DTM+137') + 1);
  });

  it('honours other delimiters announced by UNA', () => {
    const text =
      'UNA|*.\\ ~UNB*UNOC|3*A*B*261122|1200*7~UNH*1*INVOIC|D|96A|UN~BGM*380*INV\\*1~MOA*77|195.00~UNT*4*1~UNZ*1*7~';
    const parsed = parseEdifact(text);
    assert.deepEqual(parsed.diagnostics, []);
    const message = parsed.interchanges[0]!.messages[0]!;
    assert.equal(message.type, 'INVOIC');
    assert.equal(queryEdifact(message, 'BGM02'), 'INV*1');
    assert.equal(queryEdifact(message, 'MOA[01=77].01-2'), '195.00');
  });

  it('checks UNT01/UNT02 and UNZ01/UNZ02', () => {
    const text = fixture('orders.edifact')
      .replace("UNT+13+1'", "UNT+12+2'")
      .replace("UNZ+1+REF0001'", "UNZ+2+REF0002'");
    const parsed = parseEdifact(text, { file: 'orders.edifact' });
    assert.deepEqual(
      parsed.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`),
      [
        'EDI_EDIFACT_UNT01_MISMATCH@15:1',
        'EDI_EDIFACT_UNT02_MISMATCH@15:1',
        'EDI_EDIFACT_UNZ01_MISMATCH@16:1',
        'EDI_EDIFACT_UNZ02_MISMATCH@16:1',
      ],
    );
    assert.match(parsed.diagnostics[0]!.message, /UNT01 says 12 but message 1 has 13 segment/);
    assert.ok(parsed.diagnostics.every((d) => d.file === 'orders.edifact'));
  });

  it('counts groups in UNZ01 when UNG/UNE are used, and checks UNE', () => {
    const text =
      "UNB+UNOC:3+A+B+261122:1200+9'UNG+INVOIC+A+B+261122:1200+G1+UN+D:96A'UNH+1+INVOIC:D:96A:UN'BGM+380+I1'UNT+3+1'UNH+2+INVOIC:D:96A:UN'BGM+380+I2'UNT+3+2'UNE+3+G1'UNZ+1+9'";
    const parsed = parseEdifact(text);
    assert.deepEqual(
      parsed.diagnostics.map((d) => d.code),
      ['EDI_EDIFACT_UNE01_MISMATCH'],
    );
    assert.equal(parsed.interchanges[0]!.groups[0]!.messages.length, 2);
    assert.deepEqual(queryEdifact(parsed, 'BGM[*].02'), ['I1', 'I2']);
  });

  it('reports missing trailers and text that is not EDIFACT', () => {
    assert.deepEqual(
      parseEdifact("UNB+UNOC:3+A+B+261122:1200+9'UNH+1+ORDERS:D:96A:UN'BGM+220+X'").diagnostics.map((d) => d.code),
      ['EDI_EDIFACT_UNT_MISSING', 'EDI_EDIFACT_UNZ_MISSING'],
    );
    const garbage = parseEdifact('ISA*00*nope');
    assert.equal(garbage.interchanges.length, 0);
    assert.equal(garbage.diagnostics[0]!.code, 'EDI_NOT_EDIFACT');
  });
});

describe('queryEdifact', () => {
  const orders = parseEdifact(fixture('orders.edifact')).interchanges[0]!.messages[0]!;
  const desadv = parseEdifact(fixture('desadv-no-una.edifact')).interchanges[0]!.messages[0]!;

  it('reads elements, components and qualifier-filtered segments', () => {
    assert.equal(queryEdifact(orders, 'BGM02'), 'PO-1001');
    assert.equal(queryEdifact(orders, 'DTM[01=137].01-2'), '20261122');
    assert.equal(queryEdifact(orders, 'DTM01'), '137:20261122:102');
    assert.equal(queryEdifact(orders, 'NAD[01=BY].02-1'), '5412345000013');
    assert.deepEqual(queryEdifact(orders, 'LIN[*].03-1'), ['4000862141404', '4000862141411']);
    assert.deepEqual(queryEdifact(orders, 'QTY[01=21][*].01-2'), ['10', '5']);
    assert.equal(queryEdifact(orders, 'sum(QTY[*].01-2)'), 15);
    assert.equal(queryEdifact(orders, 'count(LIN)'), 2);
    assert.equal(queryEdifact(orders, 'LIN[1]>QTY.01-2'), '5');
    assert.equal(queryEdifact(orders, 'LIN[0]>PRI.01-2'), '9.50');
    assert.equal(queryEdifact(orders, 'LIN[1]>PRI.01-2'), undefined);
  });

  it('asserts on a DESADV', () => {
    assert.equal(queryEdifact(desadv, 'RFF[01=ON].01-2'), 'PO-1001');
    assert.deepEqual(queryEdifact(desadv, 'CPS[*].01'), ['1', '2']);
    assert.equal(queryEdifact(desadv, 'LIN[0]>QTY[01=12].01-2'), '10');
  });
});
