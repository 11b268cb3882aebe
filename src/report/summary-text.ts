import type { BusinessSummary, SummaryOutcome } from '../schema/index.js';

/** How each outcome is marked in the summary's text and matrix. */
export const OUTCOME_SYMBOLS: Record<SummaryOutcome, string> = { passed: '✓', failed: '✗', flaky: '~', skipped: '↷' };

/** A matrix cell as text: `✓ 2 · ✗ 1`, outcomes with a count only. */
export function cellText(c: Record<SummaryOutcome, number>): string {
  const parts = (['passed', 'failed', 'flaky', 'skipped'] as const)
    .filter((o) => c[o] > 0)
    .map((o) => `${OUTCOME_SYMBOLS[o]} ${c[o]}`);
  return parts.join(' · ') || '—';
}

/** A ratio as a percentage with up to one decimal: 0.995 → `99.5 %`. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10} %`;
}

/** `version 1.4.2, commit 9f3c2e1` from the deployment metadata, or empty when it has neither. */
export function deploymentText(deployment: BusinessSummary['deployment']): string {
  const parts: string[] = [];
  if (deployment.version !== undefined) parts.push(`version ${String(deployment.version)}`);
  if (deployment.commit !== undefined) parts.push(`commit ${String(deployment.commit)}`);
  return parts.join(', ');
}

/** The verdict as a headline: `✓ passed`, `✗ failed`, `✗ nothing tested`, `✗ incomplete`. */
export function verdictText(verdict: BusinessSummary['verdict']): string {
  switch (verdict.result) {
    case 'passed':
      return '✓ passed';
    case 'failed':
      return '✗ failed';
    case 'nothing-tested':
      return '✗ nothing tested';
    case 'incomplete':
      return '✗ incomplete';
  }
}

/** The success rate as text: a percentage, or `n/a` when nothing ran. */
export function successRateText(rate: number | null): string {
  return rate === null ? 'n/a (nothing ran)' : percent(rate);
}
