import type { BusinessSummary } from '../schema/index.js';
import { DRILL_COLUMNS, drillHeadline, drillRows, failedThresholds } from './drill-summary-text.js';
import { loadMarkdownLines } from './load-markdown.js';
import { cellText, deploymentText, percent, OUTCOME_SYMBOLS, successRateText, verdictText } from './summary-text.js';

/**
 * The business summary as GitHub-flavoured Markdown (for `$GITHUB_STEP_SUMMARY`, a merge
 * request note, a chat message): verdict line, workflows × tenants matrix, latency per action
 * against SLOs, breaches, faults injected per partner, drills, load runs (figures per metric,
 * thresholds with what they measured, the noisy neighbour), and the comparison with the previous run.
 */
export function renderSummaryMarkdown(summary: BusinessSummary): string {
  const { run, totals } = summary;
  const lines: string[] = [];
  const verdict = verdictText(summary.verdict);
  lines.push(`## Rehearse — business summary`, '');
  lines.push(
    `**${verdict}** · run \`${oneLine(run.id)}\` · environment ${oneLine(run.environment)}` +
      (run.targetUrl ? ` · target ${oneLine(run.targetUrl)}` : '') +
      (deploymentText(summary.deployment) ? ` · ${oneLine(deploymentText(summary.deployment))}` : '') +
      ` · seed ${oneLine(run.seed)} · ${oneLine(run.startedAt)}` +
      (run.shards ? ` · ${run.shards - (run.missingShards?.length ?? 0)} of ${run.shards} shard(s) merged` : ''),
    '',
  );
  for (const reason of summary.verdict.reasons) lines.push(`- ✗ ${oneLine(reason)}`);
  for (const warning of summary.verdict.warnings) lines.push(`- ⚠ ${oneLine(warning)}`);
  if (summary.verdict.reasons.length || summary.verdict.warnings.length) lines.push('');
  lines.push(
    `${totals.tests} test(s): ${totals.passed} passed, ${totals.failed} failed, ${totals.flaky} flaky, ${totals.skipped} skipped — success rate ${successRateText(summary.successRate)}`,
    '',
  );
  const { workflows, tenants } = summary.matrix;
  if (workflows.length) {
    lines.push(`### Workflows × tenants`, '');
    lines.push(`| Workflow | ${tenants.map(cell).join(' | ')} |`, `|---|${tenants.map(() => '---').join('|')}|`);
    for (const workflow of workflows) {
      const row = tenants.map((tenant) => {
        const c = summary.matrix.cells.find((x) => x.workflow === workflow && x.tenant === tenant);
        return c ? cellText(c) : '—';
      });
      lines.push(`| ${cell(workflow)} | ${row.join(' | ')} |`);
    }
    lines.push(
      '',
      `${OUTCOME_SYMBOLS.passed} passed · ${OUTCOME_SYMBOLS.failed} failed · ${OUTCOME_SYMBOLS.flaky} flaky · ${OUTCOME_SYMBOLS.skipped} skipped`,
      '',
    );
  }
  const failed = summary.tests.filter((t) => t.outcome === 'failed' || t.outcome === 'flaky');
  if (failed.length) {
    lines.push(`### Failed and flaky tests`, '');
    for (const t of failed)
      lines.push(
        `- ${OUTCOME_SYMBOLS[t.outcome]} **${oneLine(t.title)}** (${t.attempts} attempt(s))${t.failure ? `: ${oneLine(t.failure)}` : ''}`,
      );
    lines.push('');
  }
  if (summary.latency.length) {
    lines.push(`### Latency per action (ms)`, '');
    lines.push('| Tenant | Action | Driver | Runs | p50 | p95 | p99 | SLO p95 | Success | SLO success |');
    lines.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
    const breached = new Set(summary.sloBreaches.map((b) => `${b.tenant}|${b.action}|${b.objective}`));
    for (const l of summary.latency) {
      const mark = (objective: string) =>
        l.driver === 'api' && breached.has(`${l.tenant}|${l.action}|${objective}`) ? ' ✗' : '';
      lines.push(
        `| ${cell(l.tenant)} | ${cell(l.action)} | ${l.driver} | ${l.samples} | ${ms(l.p50Ms)} | ${ms(l.p95Ms)}${mark('p95')} | ${ms(l.p99Ms)} | ${l.slo?.p95Ms !== undefined ? ms(l.slo.p95Ms) : '—'} | ${percent(l.successRate)}${mark('successRate')} | ${l.slo?.successRate !== undefined ? percent(l.slo.successRate) : '—'} |`,
      );
    }
    lines.push('');
  }
  if (summary.sloBreaches.length) {
    lines.push(`### SLO breaches`, '');
    for (const b of summary.sloBreaches)
      lines.push(
        b.objective === 'p95'
          ? `- ✗ ${oneLine(b.tenant)} · ${oneLine(b.action)}: p95 ${ms(b.actual)} ms > ${ms(b.target)} ms (${b.samples} run(s))`
          : `- ✗ ${oneLine(b.tenant)} · ${oneLine(b.action)}: success rate ${percent(b.actual)} < ${percent(b.target)} (${b.samples} run(s))`,
      );
    lines.push('');
  }
  const faults = Object.entries(summary.faultsInjected);
  if (faults.length) {
    lines.push(`### Faults injected by virtual partners`, '');
    for (const [partner, count] of faults) lines.push(`- ${oneLine(partner)}: ${count} request(s)`);
    lines.push('');
  }
  if (summary.drills?.length) {
    lines.push(`### Drills`, '');
    for (const drill of summary.drills) {
      lines.push(`**${oneLine(drillHeadline(drill))}** · results \`${oneLine(drill.results)}\``, '');
      lines.push(`| ${DRILL_COLUMNS.join(' | ')} |`, `|${DRILL_COLUMNS.map(() => '---').join('|')}|`);
      for (const row of drillRows(drill)) lines.push(`| ${row.map(cell).join(' | ')} |`);
      lines.push('');
      for (const failed of failedThresholds(drill)) lines.push(`- ✗ ${oneLine(failed)}`);
      if (failedThresholds(drill).length) lines.push('');
    }
  }
  if (summary.loads?.length) {
    lines.push(`### Load`, '');
    for (const load of summary.loads) lines.push(...loadMarkdownLines(load));
  }
  const c = summary.comparison;
  if (c) {
    lines.push(`### Compared with run \`${oneLine(c.previousRunId)}\` (${oneLine(c.previousStartedAt)})`, '');
    lines.push(
      `- New failures: ${c.newFailures.length ? c.newFailures.map((k) => `\`${oneLine(k)}\``).join(', ') : 'none'}`,
    );
    lines.push(`- Fixed: ${c.fixed.length ? c.fixed.map((k) => `\`${oneLine(k)}\``).join(', ') : 'none'}`);
    lines.push(
      `- Still failing: ${c.stillFailing.length ? c.stillFailing.map((k) => `\`${oneLine(k)}\``).join(', ') : 'none'}`,
    );
    lines.push(
      `- Latency regressions (p95 up more than ${percent(c.threshold.ratio)} and ${c.threshold.minMs} ms): ` +
        (c.latencyRegressions.length
          ? c.latencyRegressions
              .map(
                (r) =>
                  `${oneLine(r.tenant)} · ${oneLine(r.action)} (${r.driver}) ${ms(r.previousP95Ms)} → ${ms(r.p95Ms)} ms`,
              )
              .join('; ')
          : 'none'),
    );
    lines.push('');
  } else if (summary.comparisonSkipped) {
    lines.push(`### Not compared with a previous run`, '', oneLine(summary.comparisonSkipped), '');
  }
  return `${lines.join('\n')}\n`;
}

/** A value inside a Markdown table cell or line: pipes escaped, no line breaks. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function ms(value: number): string {
  return String(Math.round(value));
}
