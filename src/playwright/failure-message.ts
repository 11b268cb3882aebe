import type { CheckOutcome, ScenarioResult, StepResult } from '../engine/results.js';
import { stringifyJson } from '../core/stringify-json.js';

/**
 * The message a failed scenario's test ends with: which step, what was
 * expected and what came back, and the trace id to find it in the target's logs.
 */
export function scenarioFailureMessage(result: ScenarioResult): string {
  const lines: string[] = [];
  const path = failingPath(result.steps);
  const leaf = path.at(-1);
  const verb = result.status === 'errored' ? 'errored' : 'failed';
  lines.push(
    `Scenario "${result.scenario}" ${verb} for tenant ${result.tenant} at step: ${path.map((s) => s.title).join(' › ') || '(setup)'}`,
  );
  // Block steps (eventually, repeat) carry their own verdict, e.g. the attempt count; show it before the leaf's.
  for (const block of path.slice(0, -1))
    for (const check of block.checks.filter((c) => !c.passed)) lines.push(`  ${check.message}`);
  if (leaf) {
    for (const check of leaf.checks.filter((c) => !c.passed)) lines.push(...describeCheck(check));
    if (leaf.error)
      lines.push(
        `  ${leaf.error.code}: ${leaf.error.message}`,
        ...(leaf.error.hint ? [`  hint: ${leaf.error.hint}`] : []),
      );
    const exchange = leaf.exchanges.at(-1);
    if (exchange)
      lines.push(
        `  request: ${exchange.request.method} ${exchange.request.url} → ${exchange.response ? exchange.response.status : (exchange.error ?? 'no response')}`,
      );
  }
  lines.push(`  trace id: ${result.traceId}`);
  const cleanupProblems = result.cleanup.filter((c) => c.status === 'failed' || c.status === 'errored');
  if (cleanupProblems.length) lines.push(`  cleanup: ${cleanupProblems.length} cleanup step(s) did not pass`);
  return lines.join('\n');
}

function describeCheck(check: CheckOutcome): string[] {
  return [`  ${check.message}`, `    expected: ${show(check.expected)}`, `    actual:   ${show(check.actual)}`];
}

function show(value: unknown): string {
  const text = stringifyJson(value);
  if (text === undefined) return 'undefined';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function failingPath(steps: readonly StepResult[]): StepResult[] {
  for (const step of steps) {
    if (step.status !== 'failed' && step.status !== 'errored') continue;
    return [step, ...(step.children ? failingPath(step.children) : [])];
  }
  return [];
}
