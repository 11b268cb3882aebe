import {
  AK3_ERROR_CODES,
  AK4_ERROR_CODES,
  AK5_ERROR_CODES,
  AK5_STATUS_CODES,
  AK9_ERROR_CODES,
  AK9_STATUS_CODES,
} from '../codes.js';
import { el, type SegmentDef } from '../model.js';

/** Segments of the functional acknowledgment (997) and the interchange acknowledgment (TA1). */
export const ACKNOWLEDGMENT_SEGMENTS: SegmentDef[] = [
  {
    id: 'AK1',
    name: 'Functional Group Response Header',
    elements: [el('M ID 2/2 479'), el('M N0 1/9 28'), el('O AN 1/12 480')],
  },
  {
    id: 'AK2',
    name: 'Transaction Set Response Header',
    elements: [el('M ID 3/3 143'), el('M AN 4/9 329'), el('O AN 1/35 1705')],
  },
  {
    id: 'AK3',
    name: 'Data Segment Note',
    elements: [el('M ID 2/3 721'), el('M N0 1/6 719'), el('O AN 1/6 447'), el('O ID 1/3 720', AK3_ERROR_CODES)],
  },
  {
    id: 'AK4',
    name: 'Data Element Note',
    elements: [el('M C C030'), el('O N0 1/4 725'), el('M ID 1/3 723', AK4_ERROR_CODES), el('O AN 1/99 724')],
  },
  {
    id: 'AK5',
    name: 'Transaction Set Response Trailer',
    elements: [
      el('M ID 1/1 717', AK5_STATUS_CODES),
      ...Array.from({ length: 5 }, () => el('O ID 1/3 718', AK5_ERROR_CODES)),
    ],
  },
  {
    id: 'AK9',
    name: 'Functional Group Response Trailer',
    elements: [
      el('M ID 1/1 715', AK9_STATUS_CODES),
      el('M N0 1/6 97'),
      el('M N0 1/6 123'),
      el('M N0 1/6 2'),
      ...Array.from({ length: 5 }, () => el('O ID 1/3 716', AK9_ERROR_CODES)),
    ],
  },
];
