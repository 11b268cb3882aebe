/** Code lists for the ID elements whose values matter to validation and acknowledgment. */

/** A code list written as one line of space-separated codes. */
const list = (codes: string): readonly string[] => Object.freeze(codes.split(' '));

/** 353 Transaction Set Purpose Code (BEG01, BAK01, BSN01). */
export const PURPOSE_CODES = list(
  '00 01 02 03 04 05 06 07 08 10 11 12 13 14 15 16 17 18 19 20 21 22 24 25 26 27 28 30 31 32 33 34 35 36 37 38 39 40 ' +
    '41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 77 CN CO EX GR PR RH RV SU ZZ',
);

/** 92 Purchase Order Type Code (BEG02). */
export const PO_TYPE_CODES = list(
  'BE BK BL CF CN CO CP DR DS EO GA IN IR KB KC KD KI KN KO LB LS NE NP NS OS PR RC RE RL RN RO RR RT SA SD SP SS ST ' +
    'SW TC UD UE WO ZZ',
);

/** 587 Acknowledgment Type (BAK02). */
export const ACK_TYPE_CODES = list('AC AD AE AH AK AP AT NA RD RF RJ RN RO RV ZZ');

/** 735 Hierarchical Level Code (HL03) accepted in an 856: shipment, order, tare, pack, item. */
export const HL_LEVEL_CODES = list('S O T P I');

/** 717 Transaction Set Acknowledgment Code (AK501). */
export const AK5_STATUS_CODES = list('A E M R W X');

/** 718 Transaction Set Syntax Error Code (AK502–AK506). */
export const AK5_ERROR_CODES = list('1 2 3 4 5 6 7 8 9 10 11 12 13 15 16 17 18 19 23 24 25 26 27');

/** 715 Functional Group Acknowledge Code (AK901). */
export const AK9_STATUS_CODES = list('A E M P R W X');

/** 716 Functional Group Syntax Error Code (AK905–AK909). */
export const AK9_ERROR_CODES = list('1 2 3 4 5 6 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26');

/** 720 Segment Syntax Error Code (AK304). */
export const AK3_ERROR_CODES = list('1 2 3 4 5 6 7 8');

/** 723 Data Element Syntax Error Code (AK403). */
export const AK4_ERROR_CODES = list('1 2 3 4 5 6 7 8 9 10 12 13');

/** 349 Item Description Type (PID01). */
export const DESCRIPTION_TYPE_CODES = list('F S X');
