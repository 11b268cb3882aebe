import { formatDuration, MAX_TIMER_MS, parseDuration } from '../../core/duration.js';
import type { WaitStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { sleep } from '../sleep.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';

/**
 * `wait: 2s` — a pause that stops early when the run is interrupted. With `{{ }}`
 * (`wait: "{{ tenant.settleTime }}"`, `wait: "{{ delay }}s"`) the duration is rendered when the
 * step runs and must then read as a duration with its unit (ms, s, m, h), at most `MAX_TIMER_MS`;
 * anything else fails the step with `REHEARSE_INVALID_DURATION`.
 */
export async function executeWait(step: WaitStep, ctx: StepContext): Promise<StepOutcome> {
  await sleep(waitMs(step.wait, ctx), ctx.engine.signal);
  return {};
}

function waitMs(wait: string, ctx: StepContext): number {
  if (!wait.includes('{{')) return parseDuration(wait) ?? 0;
  const rendered = renderValue(wait, ctx);
  const ms = typeof rendered === 'string' ? parseDuration(rendered) : undefined;
  if (ms === undefined || ms > MAX_TIMER_MS) {
    const unitless =
      typeof rendered === 'number' || (typeof rendered === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(rendered));
    throw stepAbort(
      'REHEARSE_INVALID_DURATION',
      `Failed to wait: ${JSON.stringify(wait)} gave ${JSON.stringify(rendered)}, which is not a duration${ms !== undefined ? ` of at most ${formatDuration(MAX_TIMER_MS)}` : ''}.`,
      unitless
        ? `Give the unit: "${wait.trim()}s" for seconds, "${wait.trim()}ms" for milliseconds.`
        : 'The expression must give a duration such as 800ms, 30s, 2m or 1h.',
    );
  }
  return ms;
}
