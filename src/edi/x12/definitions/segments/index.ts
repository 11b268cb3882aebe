import type { SegmentDef } from '../model.js';
import { ACKNOWLEDGMENT_SEGMENTS } from './acknowledgment.js';
import { COMMON_SEGMENTS } from './common.js';
import { ENVELOPE_SEGMENTS } from './envelope.js';
import { INVOICE_SEGMENTS } from './invoice.js';
import { ORDER_SEGMENTS } from './orders.js';
import { SHIPPING_SEGMENTS } from './shipping.js';
import { WAREHOUSE_SEGMENTS } from './warehouse.js';

/** Every segment definition by id (one dictionary: a segment means the same in every set). */
export const SEGMENTS: ReadonlyMap<string, SegmentDef> = new Map(
  [
    ...ENVELOPE_SEGMENTS,
    ...COMMON_SEGMENTS,
    ...ORDER_SEGMENTS,
    ...SHIPPING_SEGMENTS,
    ...INVOICE_SEGMENTS,
    ...WAREHOUSE_SEGMENTS,
    ...ACKNOWLEDGMENT_SEGMENTS,
  ].map((def) => [def.id, def]),
);
