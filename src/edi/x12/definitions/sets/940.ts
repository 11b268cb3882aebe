import { loop, MANY, seg, type SetDef } from '../model.js';

/** 940 Warehouse Shipping Order (004010): W05, parties, carrier (W66), LX/W01 lines, W76. */
export const SET_940: SetDef = {
  id: '940',
  name: 'Warehouse Shipping Order',
  functionalId: 'OW',
  entries: [
    seg('W05', 'M'),
    loop('N1', 'O', 10, [seg('N1', 'M'), seg('N2', 'O', 2), seg('N3', 'O', 2), seg('N4'), seg('PER', 'O', MANY)]),
    seg('N9', 'O', 10),
    seg('G61', 'O', 3),
    seg('G62', 'O', 10),
    seg('NTE', 'O', MANY),
    seg('W09'),
    seg('W66'),
    seg('W6'),
    seg('R2', 'O', 13),
    seg('BNX'),
    loop('LM', 'O', 10, [seg('LM', 'M'), seg('LQ', 'M', 100)]),
    loop('LX', 'O', MANY, [
      seg('LX', 'M'),
      loop('W01', 'M', 1, [
        seg('W01', 'M'),
        seg('G69', 'O', 5),
        seg('N9', 'O', 200),
        seg('W20'),
        seg('QTY', 'O', MANY),
        seg('G62', 'O', 10),
        seg('NTE', 'O', MANY),
      ]),
    ]),
    seg('W76'),
  ],
};
