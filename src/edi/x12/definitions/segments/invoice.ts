import { el, pairedNotes, type SegmentDef } from '../model.js';

const productIds = (count: number) =>
  Array.from({ length: count }, () => [el('X ID 2/2 235'), el('X AN 1/48 234')]).flat();

/** Segments of the invoice (810), 004010. */
export const INVOICE_SEGMENTS: SegmentDef[] = [
  {
    id: 'BIG',
    name: 'Beginning Segment for Invoice',
    elements: [
      el('M DT 8/8 373'),
      el('M AN 1/22 76'),
      el('O DT 8/8 373'),
      el('O AN 1/22 324'),
      el('O AN 1/30 328'),
      el('O AN 1/8 327'),
      el('O ID 2/2 640'),
      el('O ID 2/2 353'),
      el('O ID 1/2 306'),
      el('O AN 1/22 76'),
    ],
  },
  {
    id: 'IT1',
    name: 'Baseline Item Data (Invoice)',
    elements: [
      el('O AN 1/20 350'),
      el('X R 1/10 358'),
      el('X ID 2/2 355'),
      el('X R 1/17 212'),
      el('O ID 2/2 639'),
      ...productIds(10),
    ],
    notes: ['P020304', ...pairedNotes(6, 25)],
  },
  {
    id: 'TDS',
    name: 'Total Monetary Value Summary',
    elements: [el('M N2 1/15 610'), el('O N2 1/15 610'), el('O N2 1/15 610'), el('O N2 1/15 610')],
  },
  {
    id: 'CAD',
    name: 'Carrier Detail',
    elements: [el('O ID 1/2 91'), el('O AN 1/4 206'), el('O AN 1/10 207'), el('X ID 2/4 140'), el('X AN 1/35 387')],
    notes: ['R0405'],
    open: true,
  },
  { id: 'ISS', name: 'Invoice Shipment Summary', elements: [el('X R 1/10 382'), el('X ID 2/2 355')], open: true },
  { id: 'CRC', name: 'Conditions Indicator', elements: [el('M ID 2/2 1136'), el('M ID 1/1 1073')], open: true },
  { id: 'BAL', name: 'Balance Detail', elements: [el('M ID 1/2 951'), el('M ID 1/3 522'), el('M R 1/18 782')] },
  { id: 'L7', name: 'Tariff Reference', elements: [el('O N0 1/3 213')], open: true },
  { id: 'SR', name: 'Requested Service Schedule', elements: [el('M N0 1/2 1')], open: true },
  { id: 'V1', name: 'Vessel Identification', elements: [el('X AN 1/8 597')], open: true },
  { id: 'DMG', name: 'Demographic Information', elements: [el('X ID 2/3 1250')], open: true },
];
