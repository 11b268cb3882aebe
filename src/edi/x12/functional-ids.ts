/**
 * GS01 functional identifier code of each transaction set this toolkit builds by default.
 *
 * @example
 * FUNCTIONAL_ID_BY_SET['856']; // 'SH'
 */
export const FUNCTIONAL_ID_BY_SET: Readonly<Record<string, string>> = {
  '810': 'IN',
  '850': 'PO',
  '855': 'PR',
  '856': 'SH',
  '860': 'PC',
  '865': 'CA',
  '940': 'OW',
  '945': 'SW',
  '943': 'AR',
  '944': 'RE',
  '997': 'FA',
  '999': 'FA',
};
