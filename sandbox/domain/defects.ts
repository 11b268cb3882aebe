/**
 * Realistic regressions a release might bring, off by default (see sandbox/README.md).
 * They exist for the demo and to prove that scenarios catch regressions.
 */
export const DEFECT_NAMES = [
  'oversell',
  'tax-rounding',
  'tenant-leak',
  'tenant-leak-search',
  'silent-job-drop',
  'double-charge',
  'asn-wrong-quantity',
  'job-worker-stalled',
  'audit-skips-cancel',
  'credit-check-timeout',
  'mrp-supplier-lead-time',
  'mrp-ignores-safety-stock',
  'supplier-po-not-sent',
  'supplier-partial-as-confirmed',
  'edi-rejected-850-creates-order',
  'mrp-allocated-counted-twice',
  'invoice-bills-ordered-qty',
  'invoice-rebills-shipped-to-date',
  'asn-ordered-qty',
  'ack-backorder-accepted',
  'cancel-backordered-keeps-reservation',
  'ship-from-one-warehouse',
  'tax-ship-from',
  // Tenants share one capacity without fairness: one tenant's burst slows every other tenant's requests.
  'noisy-neighbour',
  // Recovery regressions: each breaks a restore, rollback, release, migration or worker restart.
  'restore-replays-jobs',
  'snapshot-from-lagging-replica',
  'rollback-restores-pre-release-backup',
  'rollback-drops-queue',
  'blue-green-skips-readiness',
  'migration-locks-reads',
  'migration-lock-overruns',
  'worker-redelivers-on-restart',
] as const;
export type DefectName = (typeof DEFECT_NAMES)[number];

export class Defects {
  private readonly on = new Set<DefectName>();
  constructor(names: readonly string[] = []) {
    this.set(names);
  }
  /** Replaces the set; unknown names are refused so a typo does not silently test a healthy sandbox. */
  set(names: readonly string[]): void {
    const unknown = names.filter((n) => !(DEFECT_NAMES as readonly string[]).includes(n));
    if (unknown.length)
      throw new Error(`Unknown sandbox defect(s) ${unknown.join(', ')}; known: ${DEFECT_NAMES.join(', ')}.`);
    this.on.clear();
    for (const name of names) this.on.add(name as DefectName);
  }
  has(name: DefectName): boolean {
    return this.on.has(name);
  }
  list(): DefectName[] {
    return [...this.on];
  }
}
