import { el, type SegmentDef } from '../model.js';

/** GS/ST/SE/GE element rules (the ISA is fixed-width and checked on its own). */
export const ENVELOPE_SEGMENTS: SegmentDef[] = [
  {
    id: 'GS',
    name: 'Functional Group Header',
    elements: [
      el('M ID 2/2 479'),
      el('M AN 2/15 142'),
      el('M AN 2/15 124'),
      el('M DT 8/8 373'),
      el('M TM 4/8 337'),
      el('M N0 1/9 28'),
      el('M ID 1/2 455'),
      el('M AN 1/12 480'),
    ],
  },
  { id: 'GE', name: 'Functional Group Trailer', elements: [el('M N0 1/6 97'), el('M N0 1/9 28')] },
  {
    id: 'ST',
    name: 'Transaction Set Header',
    elements: [el('M ID 3/3 143'), el('M AN 4/9 329'), el('O AN 1/35 1705')],
  },
  { id: 'SE', name: 'Transaction Set Trailer', elements: [el('M N0 1/10 96'), el('M AN 4/9 329')] },
];
