import { Redactor } from '../core/redactor.js';

/**
 * A target's URL as a report may show it: user-info and sensitive query values masked
 * (`http://[REDACTED]@host/…`), as the console shows it (see `redactUrl`). A text that is not a
 * URL is masked as text. For a report of a run whose metadata predates masking at the source
 * (a blob of an older Rehearse), or that another tool wrote.
 *
 * @example
 * shownTargetUrl('http://admin:s3cret@127.0.0.1:4000') // 'http://[REDACTED]@127.0.0.1:4000/'
 */
export function shownTargetUrl(url: string): string {
  const redactor = new Redactor();
  try {
    return redactor.redactUrl(url);
  } catch {
    return redactor.redactText(url);
  }
}
