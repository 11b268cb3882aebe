/** How an item's net requirement becomes an order quantity. */
export interface LotRule {
  lotPolicy: string;
  lotQty: number | null;
  lotMin: number | null;
  lotMultiple: number | null;
}

/**
 * The order quantity for a net requirement:
 * - `lot-for-lot`: exactly the net requirement;
 * - `fixed`: the smallest multiple of `lotQty` that covers it;
 * - `min-multiple`: at least `lotMin`, rounded up to a multiple of `lotMultiple`.
 * A policy without its quantities (or an unknown one) is lot-for-lot.
 *
 * @example
 * lotSize({ lotPolicy: 'fixed', lotQty: 25, lotMin: null, lotMultiple: null }, 27) // 50
 * lotSize({ lotPolicy: 'min-multiple', lotQty: null, lotMin: 500, lotMultiple: 250 }, 1360) // 1500
 */
export function lotSize(rule: LotRule, net: number): number {
  if (net <= 0) return 0;
  if (rule.lotPolicy === 'fixed' && rule.lotQty && rule.lotQty > 0) return Math.ceil(net / rule.lotQty) * rule.lotQty;
  if (rule.lotPolicy === 'min-multiple') {
    const atLeast = Math.max(net, rule.lotMin ?? 0);
    const multiple = rule.lotMultiple && rule.lotMultiple > 0 ? rule.lotMultiple : 1;
    return Math.ceil(atLeast / multiple) * multiple;
  }
  return net;
}
