import { stringifyJson } from '../core/stringify-json.js';
import { exchangeHttpText, exchangeLabel } from '../engine/exchange-http-text.js';
import type { CheckOutcome, ExchangeRecord, StepResult } from '../engine/results.js';
import { targetErrors, targetSaidText } from '../engine/target-errors.js';

/** One attachment of a step in the report (`TestStepInfo.attach`). */
export interface StepEvidence {
  name: string;
  contentType: string;
  body: string | Buffer;
}

/** Exchanges of one failing step shown as HTTP text, the last ones: a poll's hundred looks say no more than its last few. */
const MAX_EXCHANGES = 3;
/** Characters of an expected or actual value written out in the cause. */
const MAX_VALUE_CHARS = 2000;

/**
 * What a step shows in the report, attached to the step itself:
 * - every step, passed or not: the documents it exchanged (`StepResult.attachments` with
 *   `when: 'always'`: EDI documents sent and received);
 * - a failed or errored step, besides: a `cause` text (the target's own error — `Target said:
 *   <code>: <message>`, see `targetErrors` — then the step's error code, message and hint, then
 *   each failed check with its path, expected and actual value), its last exchanges as HTTP text
 *   (`exchangeHttpText`, one attachment each, named `POST /api/orders → 422`), and the
 *   `when: 'failure'` attachments (the partner journal excerpt, the UI screenshot).
 * `childrenShown`: the step's children ran as report steps of their own (and show their own
 * evidence); when false (the attempts of an `eventually` run outside the report), the evidence
 * of the whole subtree is this step's. A step that failed only because a child failed shows
 * nothing more than that child. A step whose own checks failed on a result its children fetched
 * (a `do:` step's `expect`) shows the last exchange of its subtree, the response the result came
 * from. Everything comes from the step's result, which the engine redacted.
 *
 * @example
 * stepEvidence(failedHttpStep, { childrenShown: false }).map((e) => e.name)
 * // ['cause', 'POST /api/orders → 422']
 */
export function stepEvidence(result: StepResult, options: { childrenShown: boolean }): StepEvidence[] {
  const scope = options.childrenShown ? [result] : subtree(result);
  const documents = scope.flatMap((step) =>
    (step.attachments ?? [])
      .filter((a) => a.when === 'always' || notPassed(step))
      .map((a): StepEvidence => ({
        name: a.name,
        contentType: a.contentType,
        // Screenshots travel base64 in the results (JSON); the report gets the PNG's bytes.
        body: a.encoding === 'base64' ? Buffer.from(a.body, 'base64') : a.body,
      })),
  );
  if (!notPassed(result)) return documents;
  const causes = scope.filter(
    (step) => notPassed(step) && (step.error !== undefined || step.checks.some((c) => !c.passed)),
  );
  if (causes.length === 0) return documents;
  let exchanges = causes.flatMap((step) => step.exchanges);
  let note = '';
  if (exchanges.length === 0) {
    const last = subtree(result)
      .flatMap((step) => step.exchanges)
      .at(-1);
    if (last) {
      exchanges = [last];
      note = 'The exchange shown is the last one before the checks: the response the result came from.';
    }
  }
  const shown = exchanges.slice(-MAX_EXCHANGES);
  if (exchanges.length > shown.length)
    note = `${note ? `${note} ` : ''}The last ${shown.length} of ${exchanges.length} exchanges are shown; rehearse-result.json holds them all.`;
  const cause: StepEvidence = {
    name: 'cause',
    contentType: 'text/plain',
    body: causeText(result, causes, shown, note),
  };
  const http = shown.map((exchange): StepEvidence => ({
    name: exchangeLabel(exchange),
    contentType: 'text/plain',
    body: exchangeHttpText(exchange),
  }));
  return [cause, ...http, ...documents];
}

function causeText(
  result: StepResult,
  causes: readonly StepResult[],
  exchanges: readonly ExchangeRecord[],
  note: string,
): string {
  const blocks: string[] = [];
  const said = exchanges.flatMap(targetErrors);
  if (said.length) blocks.push(targetSaidText(said));
  blocks.push(`Step ${result.status}: ${result.title}`);
  for (const step of causes) {
    const lines: string[] = [];
    if (step !== result) lines.push(`In "${step.title}" (${step.status}):`);
    if (step.error) {
      lines.push(`${step.error.code}: ${step.error.message}`);
      if (step.error.hint) lines.push(`hint: ${step.error.hint}`);
    }
    const failed = step.checks.filter((c) => !c.passed);
    if (failed.length) {
      lines.push(`Failed checks (${failed.length}):`);
      for (const check of failed) lines.push(...checkLines(check));
    }
    blocks.push(lines.join('\n'));
  }
  if (note) blocks.push(note);
  return `${blocks.join('\n\n')}\n`;
}

function checkLines(check: CheckOutcome): string[] {
  return [
    `  ✗ ${check.message}`,
    `    path:     ${check.path}`,
    `    matcher:  ${check.matcher}`,
    `    expected: ${valueText(check.expected)}`,
    `    actual:   ${valueText(check.actual)}`,
  ];
}

function valueText(value: unknown): string {
  const text = value === undefined ? '(nothing)' : (stringifyJson(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS
    ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length - MAX_VALUE_CHARS} more characters)`
    : text;
}

function notPassed(step: StepResult): boolean {
  return step.status === 'failed' || step.status === 'errored';
}

function subtree(step: StepResult): StepResult[] {
  return [step, ...(step.children ?? []).flatMap(subtree)];
}
