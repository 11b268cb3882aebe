import type { HttpStep, Step, UiOperation } from '../schema/index.js';
import type { StepContext } from './context.js';
import { tryRenderText } from './evaluate.js';
import { tryRenderUrl } from './render-url.js';
import { httpPlan, maskedTitleOnce } from './steps/http-plan.js';
import { uiStepTitle } from './ui-describe.js';

/**
 * A readable, one-line title for reports: the step's `name`, or one made from what it does.
 * Masked when it is built: Playwright shows it in `test.step`, traces and reports as it was given.
 * The secrets an `http:` line carries (user-info, sensitive query values written in the
 * scenario) are registered first, so the title and everything after hide them.
 */
export function stepTitle(step: Step, ctx: StepContext): string {
  const { redactor } = ctx.engine;
  const http = 'http' in step ? step.http : undefined;
  if (typeof http === 'string' && !step.name) {
    // A request step whose URL has no `{{ }}` has the same title on every run: masked again only
    // when the redactor learned something since (its generation), and its URL read for secrets
    // only when it can hold one (a query or user-info).
    const plan = httpPlan(step as HttpStep).line;
    if (plan.staticTarget) {
      // Without `{{ }}` the line is the title as written (see `httpLine`).
      return maskedTitleOnce(http, actingAs(step), redactor, () => {
        if (plan.urlMayHoldSecret) redactor.learnUrl(http.replace(/^\S+\s+/, ''));
      });
    }
  }
  // The URL as it is sent (values percent-encoded), so the report shows what the target received.
  const line = typeof http === 'string' ? httpLine(http, ctx) : undefined;
  if (line !== undefined) redactor.learnUrl(line.replace(/^\S+\s+/, ''));
  const title = step.name ? tryRenderText(step.name, ctx) : (line ?? rawTitle(step, ctx));
  return redactor.redactUrl(`${title}${actingAs(step)}`);
}

/** ` (as regulated)` for a request step that acts as another tenant: the report says who asked. */
function actingAs(step: Step): string {
  const s = step as Record<string, unknown>;
  return typeof s.as === 'string' && !('steps' in s) ? ` (as ${s.as})` : '';
}

function httpLine(http: string, ctx: StepContext): string {
  const space = http.indexOf(' ');
  return space < 0 ? http : `${http.slice(0, space)} ${tryRenderUrl(http.slice(space + 1), ctx)}`;
}

function rawTitle(step: Step, ctx: StepContext): string {
  const s = step as Record<string, unknown>;
  if (s.graphql && typeof s.graphql === 'object') {
    const query = String((s.graphql as { query?: unknown }).query ?? '');
    const operation = /\b(query|mutation)\s+(\w+)/.exec(query);
    return `graphql ${operation ? `${operation[1]} ${operation[2]}` : query.replace(/\s+/g, ' ').slice(0, 40)}`;
  }
  if (typeof s.do === 'string') return s.do;
  if (s.ui && typeof s.ui === 'object') return uiStepTitle(s.ui as UiOperation, ctx);
  if (typeof s.include === 'string') return `include ${s.include}`;
  if (s.eventually && typeof s.eventually === 'object') {
    const e = s.eventually as { within?: string; every?: string };
    return `eventually within ${e.within}${e.every ? ` every ${e.every}` : ''}`;
  }
  if (s.repeat !== undefined) return `repeat ${tryRenderText(String(s.repeat), ctx)} times`;
  if (s.parallel && typeof s.parallel === 'object') {
    const p = s.parallel as { count?: unknown; concurrency?: unknown };
    const count = p.count === undefined ? '' : `${tryRenderText(String(p.count), ctx)} × `;
    return `parallel ${count}(concurrency ${tryRenderText(String(p.concurrency), ctx)})`;
  }
  if (typeof s.virtual === 'string') {
    const what = s.profile !== undefined ? `profile ${String(s.profile)}` : 'inline faults';
    return `virtual ${s.virtual}: ${what}${s.next !== undefined ? ` for the next ${tryRenderText(String(s.next), ctx)} requests` : ''}`;
  }
  if (typeof s['virtual.expect'] === 'string') {
    const request = (s.request ?? {}) as { method?: string; path?: string; route?: string };
    const what = request.route ?? [request.method, request.path].filter(Boolean).join(' ');
    return `virtual.expect ${s['virtual.expect']}${what ? ` ${tryRenderText(what, ctx)}` : ''}`;
  }
  if (typeof s['edi.send'] === 'string')
    return `edi.send ${s['edi.send']}${s.template ? ` (${String(s.template)})` : ''}`;
  if (typeof s['edi.expect'] === 'string') return `edi.expect ${s['edi.expect']}`;
  if (typeof s.wait === 'string') return `wait ${s.wait}`;
  if (s.set && typeof s.set === 'object') return `set ${Object.keys(s.set).join(', ')}`;
  if (s.expect && typeof s.expect === 'object') return `expect ${Object.keys(s.expect).join(', ')}`;
  // Last: on repeat and parallel (handled above), `as` is the loop variable.
  if (typeof s.as === 'string') return `as ${s.as}`;
  return 'step';
}
