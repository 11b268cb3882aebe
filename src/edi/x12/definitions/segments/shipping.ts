import { HL_LEVEL_CODES, PURPOSE_CODES } from '../codes.js';
import { el, pairedNotes, type SegmentDef } from '../model.js';

const productIds = (count: number) =>
  Array.from({ length: count }, () => [el('X ID 2/2 235'), el('X AN 1/48 234')]).flat();

/** Segments of the ship notice (856), 004010. */
export const SHIPPING_SEGMENTS: SegmentDef[] = [
  {
    id: 'BSN',
    name: 'Beginning Segment for Ship Notice',
    elements: [
      el('M ID 2/2 353', PURPOSE_CODES),
      el('M AN 2/30 396'),
      el('M DT 8/8 373'),
      el('M TM 4/8 337'),
      el('O ID 4/4 1005'),
      el('X ID 2/2 640'),
      el('O ID 2/2 641'),
    ],
    notes: ['C0706'],
  },
  {
    id: 'HL',
    name: 'Hierarchical Level',
    elements: [
      el('M AN 1/12 628'),
      el('O AN 1/12 734'),
      el('M ID 1/2 735', HL_LEVEL_CODES),
      el('O ID 1/1 736', ['0', '1']),
    ],
  },
  {
    id: 'LIN',
    name: 'Item Identification',
    elements: [el('O AN 1/20 350'), el('M ID 2/2 235'), el('M AN 1/48 234'), ...productIds(14)],
    notes: pairedNotes(4, 31),
  },
  {
    id: 'SN1',
    name: 'Item Detail (Shipment)',
    elements: [
      el('O AN 1/20 350'),
      el('M R 1/10 382'),
      el('M ID 2/2 355'),
      el('O R 1/15 646'),
      el('X R 1/15 330'),
      el('X ID 2/2 355'),
      el('O ID 2/2 728'),
      el('O ID 2/2 668'),
    ],
    notes: ['P0506'],
  },
  {
    id: 'PRF',
    name: 'Purchase Order Reference',
    elements: [
      el('M AN 1/22 324'),
      el('O AN 1/30 328'),
      el('O AN 1/8 327'),
      el('O DT 8/8 373'),
      el('O AN 1/30 367'),
      el('O ID 2/2 92'),
    ],
  },
  { id: 'PAL', name: 'Pallet Information', elements: [el('O ID 1/2 883')], open: true },
  { id: 'CLD', name: 'Load Detail', elements: [el('M N0 1/5 622'), el('M R 1/10 382')], open: true },
  {
    id: 'LH1',
    name: 'Hazardous Identification Information',
    elements: [el('M ID 2/2 355'), el('M N0 1/7 80')],
    open: true,
  },
  { id: 'ETD', name: 'Excess Transportation Detail', elements: [el('M ID 2/2 626')], open: true },
  { id: 'GF', name: 'Furnished Goods and Services', elements: [el('X ID 2/3 128')], open: true },
];
