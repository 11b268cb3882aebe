import { readFileSync } from 'node:fs';
import type { ScenarioResult } from '../engine/results.js';

/** Name of the attachment every scenario test carries: its whole `ScenarioResult`, redacted. */
export const RESULT_ATTACHMENT = 'rehearse-result.json';

/**
 * A scenario test's result from its attachments: the `rehearse-result.json` body, or the file
 * at its `path` (a report merged from blob reports keeps attachments as files). Undefined when
 * the test has none (it ended before its scenario ran) or it cannot be read.
 */
export function scenarioResultOf(
  attachments: ReadonlyArray<{ name: string; body?: Buffer; path?: string }>,
): ScenarioResult | undefined {
  const attachment = attachments.find((a) => a.name === RESULT_ATTACHMENT);
  if (!attachment) return undefined;
  try {
    const text = attachment.body
      ? attachment.body.toString('utf8')
      : attachment.path
        ? readFileSync(attachment.path, 'utf8')
        : undefined;
    return text === undefined ? undefined : (JSON.parse(text) as ScenarioResult);
  } catch {
    return undefined;
  }
}
