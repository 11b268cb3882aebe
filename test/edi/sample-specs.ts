// Build specs for every supported transaction set, valid by Rehearse's definitions.
// Shared by the round-trip, query, acknowledgment and CLI tests.
import type { X12BuildSpec, X12SegmentSpec } from '../../src/edi/index.js';

export const SET_SEGMENTS: Record<string, X12SegmentSpec[]> = {
  '850': [
    ['BEG', '00', 'SA', 'PO-1001', '', '20261122'],
    ['REF', 'DP', '038'],
    ['DTM', '002', '20261201'],
    { id: 'N1', elements: ['ST', 'ACME DC', '92', '0001'] },
    ['N3', '1 MAIN ST'],
    { id: 'N4', '01': 'SPRINGFIELD', '02': 'IL', '03': '62701' },
    ['PO1', '1', 10, 'EA', '9.50', '', 'VP', 'WIDGET-1', 'UP', '012345678905'],
    ['PID', 'F', '', '', '', 'WIDGET'],
    ['PO1', '2', 5, 'EA', 20, '', 'VP', 'GADGET-2'],
    ['CTT', 2],
  ],
  '855': [
    ['BAK', '00', 'AC', 'PO-1001', '20261122'],
    ['PO1', '1', 10, 'EA', '9.50', '', 'VP', 'WIDGET-1'],
    ['ACK', 'IA', 10, 'EA', '068', '20261201'],
    ['PO1', '2', 5, 'EA', '20', '', 'VP', 'GADGET-2'],
    ['ACK', 'IB', 5, 'EA', '068', '20261215'],
    ['CTT', 2],
  ],
  '856': [
    ['BSN', '00', 'SHIP-1', '20261122', '1200', '0001'],
    ['HL', '1', '', 'S'],
    ['TD1', 'CTN', 2, '', '', '', 'G', 25, 'LB'],
    ['TD5', '', '2', 'UPSN'],
    ['REF', 'BM', 'BOL-1'],
    ['DTM', '011', '20261122'],
    ['N1', 'ST', 'ACME DC', '92', '0001'],
    ['HL', '2', '1', 'O'],
    ['PRF', 'PO-1001'],
    ['HL', '3', '2', 'P'],
    ['MAN', 'GM', '00000123450000000018'],
    ['HL', '4', '3', 'I'],
    ['LIN', '1', 'VP', 'WIDGET-1'],
    ['SN1', '', 6, 'EA'],
    ['HL', '5', '3', 'I'],
    ['LIN', '2', 'VP', 'GADGET-2'],
    ['SN1', '', 5, 'EA'],
    ['HL', '6', '2', 'P'],
    ['MAN', 'GM', '00000123450000000025'],
    ['HL', '7', '6', 'I'],
    ['LIN', '1', 'VP', 'WIDGET-1'],
    ['SN1', '', 4, 'EA'],
    ['CTT', 7],
  ],
  '810': [
    ['BIG', '20261123', 'INV-1', '20261122', 'PO-1001'],
    ['N1', 'BT', 'ACME', '92', '0001'],
    ['IT1', '1', 10, 'EA', '9.50', '', 'VP', 'WIDGET-1'],
    ['IT1', '2', 5, 'EA', '20', '', 'VP', 'GADGET-2'],
    ['TDS', '19500'],
    ['CTT', 2],
  ],
  '997': [
    ['AK1', 'PO', '1'],
    ['AK2', '850', '0001'],
    ['AK5', 'A'],
    ['AK9', 'A', 1, 1, 1],
  ],
  '940': [
    ['W05', 'N', 'ORD-1', 'PO-1001'],
    ['N1', 'ST', 'ACME DC', '92', '0001'],
    ['N3', '1 MAIN ST'],
    ['N4', 'SPRINGFIELD', 'IL', '62701'],
    ['G62', '10', '20261201'],
    ['W66', 'PP', 'M', '', '', 'UPSN'],
    ['LX', '1'],
    ['W01', 10, 'EA', '', 'VP', 'WIDGET-1'],
    ['LX', '2'],
    ['W01', 5, 'EA', '', 'VP', 'GADGET-2'],
    ['W76', 15],
  ],
  '945': [
    ['W06', 'N', 'ORD-1', '20261122', 'SHIP-1', '', 'PO-1001'],
    ['N1', 'ST', 'ACME DC', '92', '0001'],
    ['W27', 'M', 'UPSN'],
    ['LX', '1'],
    ['W12', 'CC', 10, 10, '', 'EA', '', 'VP', 'WIDGET-1'],
    ['LX', '2'],
    ['W12', 'CP', 5, 4, 1, 'EA', '', 'VP', 'GADGET-2'],
    ['W03', 14, 30, 'LB'],
  ],
};

export const SUPPORTED_SETS = Object.keys(SET_SEGMENTS);

/** A one-set interchange from BUYER (ZZ) to SELLER (ZZ). */
export function specFor(setId: string, overrides: Partial<X12BuildSpec> = {}): X12BuildSpec {
  return {
    sender: { id: 'BUYER', qualifier: 'ZZ' },
    receiver: { id: 'SELLER', qualifier: 'ZZ' },
    date: '20261122',
    time: '1200',
    sets: [{ id: setId, segments: SET_SEGMENTS[setId]! }],
    ...overrides,
  };
}

/**
 * Third-party X12 files (MIT, see its SOURCES.md), vendored byte for byte so
 * the suite does not depend on anything outside the clone.
 */
export const SAMPLES_DIR = new URL('../fixtures/edi-samples/', import.meta.url);
export const FIXTURES_DIR = new URL('./fixtures/', import.meta.url);
