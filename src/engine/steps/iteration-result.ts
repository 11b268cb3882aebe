import { worstStatus, type StepResult } from '../results.js';

/** Groups one iteration's steps under a result titled `iteration N`. */
export async function iterationResult(index: number, run: () => Promise<StepResult[]>): Promise<StepResult> {
  const startedAt = new Date();
  const started = performance.now();
  const children = await run();
  return {
    kind: 'iteration',
    title: `iteration ${index + 1}`,
    status: worstStatus(children.map((c) => c.status).filter((s) => s !== 'skipped')),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    checks: [],
    exchanges: [],
    children,
  };
}
