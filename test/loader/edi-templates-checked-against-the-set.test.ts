// EDI templates and inline segments are checked against the transaction set's own
// dictionary (src/edi/x12/definitions) before anything is sent: segment ids, segments the
// set does not define, element counts (both forms), and the names a template reads, in the
// scope of each step that sends it. A template sent twice is not reported twice.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

// Every tenant trades with one partner, so the steps need no `partner:`.
const TENANTS = {
  'tenant-profiles/standard.yaml': 'name: standard\npartners: [{ code: TP-1, isaId: TPONE }]\n',
  'tenant-profiles/regulated.yaml': 'name: regulated\npartners: [{ code: TP-1, isaId: TPONE }]\n',
};
const problems = (files: Record<string, string>) => {
  project = tempProject({ ...TENANTS, ...files });
  return loadProject({ root: project.dir }).diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
};
const send = (set: string, extra: string) => `  - edi.send: '${set}'\n${extra}`;

describe('EDI segments against the set', () => {
  test('a template sent twice as an 850: a segment the 850 lacks is one problem; each step missing a name is one', () => {
    const found = problems({
      'edi/templates/po.yaml':
        "segments:\n  - [BEG, '00', SA, '{{ po }}', '', '20260101']\n  - [BSN, '00', X, '20260101', '1200']\n",
      'scenarios/s.scenario.yaml': `name: s\nvars: { po: PO-1 }\nsteps:\n${send('850', '    template: po\n')}${send('850', '    template: po\n')}`,
      'scenarios/t.scenario.yaml': `name: t\nsteps:\n${send('850', '    template: po\n')}`,
    });
    assert.deepEqual(found, [
      'REHEARSE_EDI_SEGMENT_NOT_IN_SET edi/templates/po.yaml:3:6',
      'REHEARSE_UNKNOWN_NAME edi/templates/po.yaml:2:25',
    ]);
  });

  test('the object form counts elements by position keys (CTT08) and by elements (REF05)', () => {
    assert.deepEqual(
      problems({
        'scenarios/s.scenario.yaml': `name: s\nsteps:\n${send('850', "    segments:\n      - { id: BEG, '01': '00', '02': SA, '03': PO, '05': '20260101' }\n      - { id: CTT, '08': x }\n      - { id: REF, elements: [DP, '1', x, y, z] }\n")}`,
      }),
      [
        'REHEARSE_EDI_TOO_MANY_ELEMENTS scenarios/s.scenario.yaml:6:26',
        'REHEARSE_EDI_TOO_MANY_ELEMENTS scenarios/s.scenario.yaml:7:46',
      ],
    );
  });

  test('a set without a dictionary (860) gets the id check only; a set edi.send cannot build is refused', () => {
    assert.deepEqual(
      problems({
        'scenarios/s.scenario.yaml': `name: s\nsteps:\n${send('860', "    segments:\n      - [BCH, '01', SA, PO-1, '', '', '20260101']\n      - [bch1, x]\n")}${send('204', "    segments:\n      - [B2, '', X]\n")}`,
      }),
      [
        'REHEARSE_EDI_INVALID_SEGMENT_ID scenarios/s.scenario.yaml:6:10',
        'REHEARSE_EDI_UNKNOWN_SET scenarios/s.scenario.yaml:7:15',
      ],
    );
  });

  test('the shipped purchase-order template sent as an 855 is told which segments the 855 lacks', () => {
    const found = problems({
      'edi/templates/po.yaml':
        "segments:\n  - [BEG, '00', SA, PO-1, '', '20260101']\n  - [PO1, '1', '2', EA, '1.00', '', VP, X]\n",
      'scenarios/s.scenario.yaml': `name: s\nsteps:\n${send('855', '    template: po\n')}`,
    });
    assert.deepEqual(found, ['REHEARSE_EDI_SEGMENT_NOT_IN_SET edi/templates/po.yaml:2:6']);
  });
});
