import { STATUS_CODES } from 'node:http';
import { parsePath } from '../core/json-path.js';
import type { CheckOutcome } from './results.js';

/**
 * The gate's rule for answers the step did not ask for: a status of 400 or
 * more fails the step unless the step reads the status itself — its `expect`
 * mentions `status`, or its `save` captures `status` (a poll or a probe that
 * records every answer, e.g. `save: { code: status }`). Without it a
 * scenario whose request was refused (401, 404, 500) would go on and pass on
 * whatever the body happened to hold. Playwright's `failOnStatusCode` and k6's
 * `http_req_failed` follow the same idea. `failOnStatusCode: false` in
 * rehearse.config.yaml turns the rule off for a project.
 *
 * @returns a failed check (`matcher: 'failOnStatusCode'`) or undefined when the answer is accepted.
 */
export function unexpectedStatusCheck(options: {
  status: number;
  /** The step's `expect` keys, if any. */
  expect: Readonly<Record<string, unknown>> | undefined;
  /** The step's `save` (variable → path), if any. */
  save?: Readonly<Record<string, string>> | undefined;
  /** Config `failOnStatusCode` (default true). */
  enabled: boolean;
  /** The body as text, quoted (its start) in the message. */
  bodyText?: string;
  /** What answered: "the target", "the target's EDI endpoint". */
  who?: string;
}): CheckOutcome | undefined {
  const { status, expect, enabled } = options;
  if (!enabled || status < 400 || readsStatus(expect, options.save)) return undefined;
  const reason = STATUS_CODES[status];
  const start = bodyStart(options.bodyText);
  return {
    path: 'status',
    matcher: 'failOnStatusCode',
    expected: 'a status below 400 (or an expect on status)',
    actual: status,
    passed: false,
    message:
      `${options.who ?? 'the target'} answered ${status}${reason ? ` ${reason}` : ''}${start ? `: ${start}` : ''}. ` +
      `A status of 400 or more fails the step unless it reads the status (in expect or save): ` +
      `add \`expect: { status: ${status} }\` to accept it (or set failOnStatusCode: false in rehearse.config.yaml).`,
  };
}

/**
 * True when the step decides about the status itself: `expect` has a key that is the path
 * `status` (also written `$.status` or `["status"]`), or a `$` key whose literal lists `status`
 * (`$: { status: 404 }`); or `save` captures the path `status`.
 */
export function readsStatus(
  expect: Readonly<Record<string, unknown>> | undefined,
  save?: Readonly<Record<string, string>> | undefined,
): boolean {
  for (const [key, value] of Object.entries(expect ?? {})) {
    if (isStatusPath(key)) return true;
    if (isRootPath(key) && value && typeof value === 'object' && Object.hasOwn(value, 'status')) return true;
  }
  return save !== undefined && Object.values(save).some((path) => typeof path === 'string' && isStatusPath(path));
}

function isStatusPath(text: string): boolean {
  const parsed = parsePath(text.trim());
  return parsed.ok && parsed.segments.length === 1 && parsed.segments[0] === 'status';
}

function isRootPath(text: string): boolean {
  const parsed = parsePath(text.trim());
  return parsed.ok && parsed.segments.length === 0;
}

function bodyStart(text: string | undefined): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
