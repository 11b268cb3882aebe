import type { PreflightReport } from './results.js';

/**
 * The report as the console shows it: one line per tenant that passed, and for each failed
 * check a line naming the tenant and the check, then its code and hint:
 * `✗ tenant high-volume: credentials: the token endpoint … refused the client env:HV_ID (401) — were its secrets rotated?`
 *
 * @example
 * output.err(formatPreflightReport(report).join('\n'))
 */
export function formatPreflightReport(report: PreflightReport): string[] {
  const lines: string[] = [];
  for (const { tenant, checks } of report.tenants) {
    const failures = checks.filter((c) => c.status === 'failed');
    if (failures.length === 0) {
      const done = checks.filter((c) => c.status === 'passed').map((c) => c.check);
      lines.push(`✓ tenant ${tenant}: ${done.length ? done.join(', ') : 'nothing to check'}`);
      continue;
    }
    for (const failure of failures) {
      if (failure.status !== 'failed') continue;
      lines.push(`✗ tenant ${tenant}: ${failure.check}: ${failure.message}`);
      lines.push(`    ${failure.code}. ${failure.hint}`);
    }
  }
  return lines;
}
