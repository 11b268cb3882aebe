import type { PreflightReport } from './results.js';

/**
 * The report as the console shows it: one line per tenant that passed (`✓`) or that no check
 * could run for (`–`, with why each was skipped), and for each failed
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
      // Nothing executed is never a pass: a tenant no check could run for is not ticked.
      if (done.length) lines.push(`✓ tenant ${tenant}: ${done.join(', ')}`);
      else lines.push(`– tenant ${tenant}: not checked: ${checks.map((c) => c.message).join('; ')}`);
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

/**
 * The tenants of `report` for which no check ran (each was skipped: no auth, no `expects:`, no
 * https host). `rehearse preflight` does not call them passed.
 */
export function uncheckedTenants(report: PreflightReport): string[] {
  return report.tenants.filter((t) => t.checks.every((c) => c.status === 'skipped')).map((t) => t.tenant);
}
