import { loop, MANY, seg, type SetDef } from '../model.js';

/**
 * 856 Ship Notice/Manifest (004010): BSN, one flat HL loop (the hierarchy is carried by
 * HL01/HL02/HL03 and checked by the `hl-tree` check), CTT.
 */
export const SET_856: SetDef = {
  id: '856',
  name: 'Ship Notice/Manifest',
  functionalId: 'SH',
  checks: ['hl-tree', 'ctt-count:HL'],
  entries: [
    seg('BSN', 'M'),
    seg('DTM', 'O', 10),
    loop('HL', 'M', 200000, [
      seg('HL', 'M'),
      seg('LIN'),
      seg('SN1'),
      seg('SLN', 'O', 1000),
      seg('PRF'),
      seg('PO4'),
      seg('PID', 'O', 200),
      seg('MEA', 'O', 40),
      seg('PWK', 'O', 25),
      seg('PKG', 'O', 25),
      seg('TD1', 'O', 20),
      seg('TD5', 'O', 12),
      seg('TD3', 'O', 12),
      seg('TD4', 'O', 5),
      seg('REF', 'O', MANY),
      seg('PER', 'O', 3),
      loop('LH1', 'O', 100, [seg('LH1', 'M')]),
      loop('CLD', 'O', 200, [seg('CLD', 'M'), seg('REF', 'O', 200), seg('DTP')]),
      seg('MAN', 'O', MANY),
      seg('DTM', 'O', 10),
      seg('FOB'),
      seg('PAL'),
      loop('N1', 'O', 200, [
        seg('N1', 'M'),
        seg('N2', 'O', 2),
        seg('N3', 'O', 2),
        seg('N4'),
        seg('REF', 'O', 12),
        seg('PER', 'O', 3),
        seg('FOB'),
      ]),
      seg('SDQ', 'O', 50),
      seg('ETD'),
      seg('CUR'),
      loop('SAC', 'O', MANY, [seg('SAC', 'M'), seg('CUR')]),
      seg('GF'),
      seg('YNQ', 'O', 10),
      loop('LM', 'O', 10, [seg('LM', 'M'), seg('LQ', 'M', 100)]),
    ]),
    seg('CTT'),
  ],
};
