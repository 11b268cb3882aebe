import { loop, MANY, seg, type SetDef } from '../model.js';

/** 945 Warehouse Shipping Advice (004010): W06, parties, carrier (W27), LX/W12 lines, W03 totals. */
export const SET_945: SetDef = {
  id: '945',
  name: 'Warehouse Shipping Advice',
  functionalId: 'SW',
  entries: [
    seg('W06', 'M'),
    loop('N1', 'O', 10, [seg('N1', 'M'), seg('N2', 'O', 2), seg('N3', 'O', 2), seg('N4'), seg('PER', 'O', MANY)]),
    seg('N9', 'O', 10),
    seg('G62', 'O', 10),
    seg('W27', 'M'),
    seg('W10', 'O', MANY),
    seg('NTE', 'O', MANY),
    loop('LX', 'M', MANY, [
      seg('LX', 'M'),
      seg('MAN', 'O', MANY),
      seg('PAL'),
      seg('N9', 'O', MANY),
      loop('W12', 'M', MANY, [
        seg('W12', 'M'),
        seg('G69', 'O', 5),
        seg('N9', 'O', 200),
        seg('MEA', 'O', 40),
        seg('QTY', 'O', MANY),
      ]),
    ]),
    seg('W03', 'M'),
  ],
};
