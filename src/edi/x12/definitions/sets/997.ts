import { loop, seg, type SetDef } from '../model.js';

/** 997 Functional Acknowledgment: AK1, AK2 loops (AK3/AK4 notes, AK5 status), AK9. */
export const SET_997: SetDef = {
  id: '997',
  name: 'Functional Acknowledgment',
  functionalId: 'FA',
  entries: [
    seg('AK1', 'M'),
    loop('AK2', 'O', 999999, [
      seg('AK2', 'M'),
      loop('AK3', 'O', 999999, [seg('AK3', 'M'), seg('AK4', 'O', 99)]),
      seg('AK5', 'M'),
    ]),
    seg('AK9', 'M'),
  ],
};
