import type { Origin } from '../../loader/project.js';
import { DIRECT_HOST, type StepContext } from '../context.js';
import { firstProblem } from '../first-problem.js';
import type { IterationSummary, StepResult } from '../results.js';

/** How many iterations of one `repeat` or `parallel` block are kept whole, whatever happens. */
export const FULL_ITERATIONS = 50;

/** One step position of a block's iterations, summarised. */
type SummarisedStep = IterationSummary['steps'][number];

/**
 * The results of a block's iterations as its report children, bounded however often it repeats:
 * the first `full` iterations whole; past them, each distinct failure whole (the first iteration
 * that failed with it, see `failureKind`: `order SO-1041 is locked` and `order SO-1042 is
 * locked` are one failure) and every other iteration folded into one summary child
 * (`kind: 'iterations'`, see `IterationSummary`): how many passed, how many failed like a failure
 * shown, and per step position its runs, failures and durations (ms, each kept: 8 bytes a run,
 * so the percentiles reports draw from them stay exact). Children come in iteration order, the
 * summary after the iterations kept.
 *
 * The host (Playwright's report) shows the first `full` iterations step by step, as they run.
 * Past them, an iteration runs without a report step per step (`contextFor`; a Playwright step
 * costs a stack capture and two messages to the runner, more than the request it reports), and
 * the host is shown what is kept: each distinct failure as one step as it ends, and the summary
 * as one step at the end (`children`) — so the report tells the same story as the results.
 */
export class IterationResults {
  private readonly kept: Array<{ index: number; result: StepResult }> = [];
  private readonly failures = new Set<string>();
  /** The folded iterations: their first and last index, when the earliest began and the latest ended (ms). */
  private folded:
    { first: number; last: number; startedMs: number; endedMs: number; iterations: number; passed: number } | undefined;
  private readonly steps = new Map<string, SummarisedStep>();

  /**
   * `block`: the context of the `repeat` or `parallel` step (its host shows what is kept) and where
   * it was written; `full`: how many iterations are kept whole before folding starts.
   */
  constructor(
    private readonly block: { ctx: StepContext; at?: Origin | undefined },
    private readonly full: number = FULL_ITERATIONS,
  ) {}

  /** The context iteration `index` runs in: past the first `full`, one that shows no step to the host. */
  contextFor(index: number, ctx: StepContext): StepContext {
    return index < this.full ? ctx : { ...ctx, engine: { ...ctx.engine, host: DIRECT_HOST } };
  }

  /** Adds iteration `index` (0-based); iterations may end in any order (parallel copies). */
  async add(index: number, result: StepResult): Promise<void> {
    if (index < this.full) {
      this.kept.push({ index, result });
      return;
    }
    const failed = result.status === 'failed' || result.status === 'errored';
    if (failed) {
      const kind = failureKind(result);
      if (!this.failures.has(kind)) {
        this.failures.add(kind);
        this.kept.push({ index, result: await this.show(result) });
        return;
      }
    }
    this.fold(index, result, failed);
  }

  /** The block's children: the iterations kept, in order, then the summary of the others (if any). */
  async children(): Promise<StepResult[]> {
    const children = this.kept.sort((a, b) => a.index - b.index).map((k) => k.result);
    if (!this.folded) return children;
    const { first, last, startedMs, endedMs, iterations, passed } = this.folded;
    const failedAlike = iterations - passed;
    const range = first === last ? `iteration ${first + 1}` : `iterations ${first + 1}–${last + 1}`;
    return [
      ...children,
      await this.show({
        kind: 'iterations',
        title: `${range} (${iterations.toLocaleString('en-US')}): ${passed.toLocaleString('en-US')} passed${failedAlike ? `, ${failedAlike.toLocaleString('en-US')} failed like an iteration shown` : ''}`,
        status: failedAlike ? 'failed' : 'passed',
        startedAt: new Date(startedMs).toISOString(),
        durationMs: Math.round(endedMs - startedMs),
        checks: [],
        exchanges: [],
        summary: { iterations, passed, steps: [...this.steps.values()] },
      }),
    ];
  }

  /** Shows an iteration that ran unseen (or the summary) to the host as one step: its result, as it ended. */
  private show(result: StepResult): Promise<StepResult> {
    return this.block.ctx.engine.host.step(result.title, async () => result, this.block.at);
  }

  private fold(index: number, result: StepResult, failed: boolean): void {
    const startedMs = Date.parse(result.startedAt);
    const endedMs = startedMs + result.durationMs;
    const folded = (this.folded ??= { first: index, last: index, startedMs, endedMs, iterations: 0, passed: 0 });
    folded.first = Math.min(folded.first, index);
    folded.last = Math.max(folded.last, index);
    folded.startedMs = Math.min(folded.startedMs, startedMs);
    folded.endedMs = Math.max(folded.endedMs, endedMs);
    folded.iterations++;
    if (!failed) folded.passed++;
    this.foldSteps(result.children ?? [], '');
  }

  /** Every step of the iteration, at any depth, by its position: `0`, `0.1` (a `do:` step's first request). */
  private foldSteps(steps: readonly StepResult[], prefix: string): void {
    steps.forEach((step, i) => {
      const position = `${prefix}${i}`;
      if (step.status === 'skipped') return;
      let entry = this.steps.get(position);
      if (!entry) {
        entry = {
          position,
          title: step.title,
          kind: step.kind,
          ...(step.action ? { action: step.action } : {}),
          runs: 0,
          failed: 0,
          durationsMs: [],
        };
        this.steps.set(position, entry);
      }
      entry.runs++;
      if (step.status !== 'passed') entry.failed++;
      entry.durationsMs.push(step.durationMs);
      if (step.children) this.foldSteps(step.children, `${position}.`);
    });
  }
}

/**
 * A failure's kind: the step that failed (its title), the status the target answered it with, and
 * the message — digits masked in the title and message, as ids and counts differ between
 * iterations; the status tells a 409 from a 500 that the masked messages would confuse.
 */
function failureKind(result: StepResult): string {
  const problem = firstProblem([result]);
  const digits = (text: string) => text.replace(/\d+/g, '#');
  return [
    result.status,
    digits(problem?.step.title ?? ''),
    problem?.step.exchanges.at(-1)?.response?.status ?? '',
    digits(problem?.message ?? ''),
  ].join('\n');
}
