import { stringifyJson } from '../../core/stringify-json.js';
import { checkExpectations, type CheckResult } from '../../matchers/index.js';
import type { VirtualExpectStep } from '../../schema/index.js';
import type { JournalEntry, JournalPage } from '../../virtual/journal/journal-types.js';
import { saveFromSubject } from '../checks.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { pollUntil } from '../poll.js';
import type { ExchangeRecord, StepAttachment } from '../results.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';
import { adminFailure, callVirtual, scopeFields, type AdminCall } from '../virtual/virtual-admin.js';

/** At most this many journal entries are read per look; a scenario rarely sends a partner more. */
const PAGE_LIMIT = 1000;

interface Look {
  call: AdminCall;
  seen: JournalEntry[];
  matching: JournalEntry[];
}

/**
 * `virtual.expect: carrier`: the target sent this partner requests like
 * `request` (method/path/route filter in the journal; body, headers and query
 * with matchers), `times`/`atLeast`/`atMost` of them, since this scenario
 * started and from this run's tenant. With `within`, waits for an asynchronous
 * sender. Matched requests that broke the partner's contract fail the step.
 * By default only the requests this run caused count (its trace id, passed on
 * by the target), so parallel scenarios of one tenant do not add up.
 */
export async function executeVirtualExpect(step: VirtualExpectStep, ctx: StepContext): Promise<StepOutcome> {
  const partner = step['virtual.expect'];
  const count = countRule(step, ctx);
  const { method, path, route, ...content } = (step.request ?? {}) as Record<string, unknown>;
  const query: Record<string, string | number> = {
    partner,
    since: ctx.engine.scenarioStartedAt,
    limit: PAGE_LIMIT,
    ...scopeFields(ctx, step.scope),
  };
  const filters = renderValue({ method, path, route }, ctx) as Record<string, unknown>;
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) query[key] = String(value);
  const contentSpec = renderValue(content, ctx) as Record<string, unknown>;
  const matches = (entry: JournalEntry) =>
    checkExpectations(entry, contentSpec, { schemaCheck: ctx.engine.validateSchema }).every((c) => c.passed);

  const exchanges: ExchangeRecord[] = [];
  const look = async (): Promise<Look> => {
    const call = await callVirtual(ctx, 'GET', '/__admin/requests', { query });
    if (call.exchange) exchanges.splice(0, exchanges.length, call.exchange);
    const seen = call.ok ? ((call.json as JournalPage).requests ?? []) : [];
    return { call, seen, matching: seen.filter(matches) };
  };
  const { last, attempts } = await pollUntil(ctx, step, look, (l) => !l.call.ok || count.holds(l.matching.length));
  if (!last.call.ok)
    return { status: 'errored', error: adminFailure(last.call, `read the journal of ${partner}`), exchanges };

  const describe = describeRequests(partner, filters, contentSpec);
  const checks: CheckResult[] = [
    {
      path: `${partner} requests`,
      matcher: count.name,
      expected: count.expected,
      actual: last.matching.length,
      passed: count.holds(last.matching.length),
      message: `${describe}: expected ${count.text}, got ${last.matching.length} (of ${last.seen.length} ${partner} request(s) ${scopeText(step.scope)} since the scenario started${attempts > 1 ? `, ${attempts} looks` : ''})`,
    },
  ];
  if (step.contract !== false) {
    const broken = last.matching.filter((e) => e.contractViolations?.length);
    if (broken.length > 0)
      checks.push({
        path: `${partner} contract`,
        matcher: 'contract',
        expected: `requests that keep the ${partner} contract`,
        actual: broken.flatMap((e) => e.contractViolations ?? []).slice(0, 10),
        passed: false,
        message: `${broken.length} matching request(s) broke the ${partner} contract: ${broken[0]!.method} ${broken[0]!.path}: ${broken[0]!.contractViolations!.slice(0, 3).join('; ')}`,
      });
  }
  const subject = { count: last.matching.length, requests: last.matching };
  const captured = saveFromSubject(subject, step.save, ctx);
  checks.push(...captured.checks);
  const attachments: StepAttachment[] = [
    {
      name: `${partner} journal`,
      contentType: 'text/plain',
      body: journalExcerpt(partner, last.seen),
      when: 'failure',
    },
  ];
  return { checks, exchanges, saved: captured.saved, attempts, attachments };
}

function scopeText(scope: VirtualExpectStep['scope']): string {
  if (scope === 'all') return 'of any tenant';
  if (scope === 'tenant') return "of the run's tenant";
  return "carrying this run's trace id (scope: tenant if the target does not propagate traceparent)";
}

interface CountRule {
  name: string;
  expected: number;
  text: string;
  holds(n: number): boolean;
}

function countRule(step: VirtualExpectStep, ctx: StepContext): CountRule {
  const given = (['times', 'atLeast', 'atMost'] as const).filter((k) => step[k] !== undefined);
  if (given.length > 1)
    throw stepAbort(
      'REHEARSE_CONFLICTING_COUNTS',
      `virtual.expect takes one of times, atLeast, atMost; this step has ${given.join(' and ')}.`,
    );
  const name = given[0] ?? 'atLeast';
  const raw = step[name] === undefined ? 1 : renderValue(step[name], ctx);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw stepAbort('REHEARSE_BAD_COUNT', `virtual.expect ${name} must be a whole number, got ${JSON.stringify(raw)}.`);
  if (name === 'times') return { name, expected: n, text: `exactly ${n}`, holds: (c) => c === n };
  if (name === 'atMost') return { name, expected: n, text: `at most ${n}`, holds: (c) => c <= n };
  return { name, expected: n, text: `at least ${n}`, holds: (c) => c >= n };
}

function describeRequests(partner: string, filters: Record<string, unknown>, content: Record<string, unknown>): string {
  const what = filters.route ?? [filters.method, filters.path].filter((x) => x !== undefined).join(' ');
  const like = Object.keys(content).length ? ` matching ${(stringifyJson(content) ?? '').slice(0, 200)}` : '';
  return `${partner}${what ? ` ${String(what)}` : ''} requests${like}`;
}

/** The partner's journal as a few readable lines per request, for the report. */
export function journalExcerpt(partner: string, entries: readonly JournalEntry[]): string {
  if (entries.length === 0) return `${partner}: no requests since the scenario started.\n`;
  const shown = entries.slice(-50);
  const lines = [
    `${partner}: ${entries.length} request(s) since the scenario started${entries.length > shown.length ? ` (last ${shown.length} shown)` : ''}`,
  ];
  for (const e of shown) {
    const fault = e.faults.length ? ` faults=${e.faults.map((f) => `${f.rule}:${f.kind}`).join(',')}` : '';
    const status = e.outcome === 'response' ? String(e.status) : e.outcome;
    lines.push(`#${e.id} ${e.time} ${e.method} ${e.path} → ${status}${fault}${e.tenant ? ` tenant=${e.tenant}` : ''}`);
    if (e.body !== undefined) lines.push(`    body: ${(stringifyJson(e.body) ?? '').slice(0, 500)}`);
    for (const v of e.contractViolations ?? []) lines.push(`    contract: ${v}`);
  }
  return `${lines.join('\n')}\n`;
}
