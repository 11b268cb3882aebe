import type { DrillRecordKind } from '../schema/index.js';
import type { RecordProblem, ReconciliationFigures } from './drill-results.js';
import type { DrillPorts } from './drill-ports.js';

/** A business record the traffic confirmed: a passing transaction saved its id. */
export interface ConfirmedRecord {
  record: string;
  tenant: string;
  id: string;
  confirmedAtMs: number;
  /** The `same:` fields as read right after confirmation (absent when that read failed). */
  state?: Record<string, unknown>;
}

/** Fills `{{ id }}` in a record's paths (URL-encoded). */
export function recordPath(template: string, id: string): string {
  return template.replace(/\{\{\s*id\s*\}\}/g, encodeURIComponent(id));
}

/** The value at a dotted path (`label.status`) of a JSON answer. */
export function fieldAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The records a passing transaction confirmed: one per `records:` kind whose `saved` value it
 * captured, with the `same:` fields read at once (one GET each) so a later re-read has
 * something to compare with.
 */
export async function confirmRecords(input: {
  kinds: Readonly<Record<string, DrillRecordKind>>;
  tenant: string;
  saved: Record<string, unknown>;
  atMs: number;
  ports: DrillPorts;
  signal: AbortSignal;
}): Promise<ConfirmedRecord[]> {
  const out: ConfirmedRecord[] = [];
  for (const [record, kind] of Object.entries(input.kinds)) {
    const value = input.saved[kind.saved];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const id = String(value);
    const confirmed: ConfirmedRecord = { record, tenant: input.tenant, id, confirmedAtMs: input.atMs };
    if (kind.same?.length) {
      const answer = await input.ports.read({
        tenant: input.tenant,
        path: recordPath(kind.read, id),
        signal: input.signal,
      });
      if ('status' in answer && answer.status < 300)
        confirmed.state = Object.fromEntries(kind.same.map((field) => [field, fieldAt(answer.json, field)]));
    }
    out.push(confirmed);
  }
  return out;
}

/**
 * Re-reads every confirmed record of one tenant after recovery: present with the same `same:`
 * fields, `lost` (a 404 or 410; its age at `recoveryStartMs` — the first restore or rollback —
 * is the recovery point it shows), `changed`, `duplicated` (a `once:` list holding two items for
 * one `per` value: two invoices for one shipment), or `unreadable` (another answer, or none).
 * Reads run four at a time.
 */
export async function reconcileRecords(input: {
  confirmed: readonly ConfirmedRecord[];
  kinds: Readonly<Record<string, DrillRecordKind>>;
  ports: DrillPorts;
  recoveryStartMs: number | undefined;
  signal: AbortSignal;
}): Promise<ReconciliationFigures> {
  const problems: RecordProblem[] = [];
  let presentSame = 0;
  const check = async (record: ConfirmedRecord) => {
    const kind = input.kinds[record.record]!;
    const age =
      input.recoveryStartMs !== undefined && record.confirmedAtMs < input.recoveryStartMs
        ? { ageMs: input.recoveryStartMs - record.confirmedAtMs }
        : {};
    const problem = (status: RecordProblem['status'], detail: string, withAge = false) =>
      problems.push({
        record: record.record,
        id: record.id,
        status,
        confirmedAtMs: record.confirmedAtMs,
        ...(withAge ? age : {}),
        detail,
      });
    const answer = await input.ports.read({
      tenant: record.tenant,
      path: recordPath(kind.read, record.id),
      signal: input.signal,
    });
    if ('error' in answer) return problem('unreadable', answer.error);
    if (answer.status === 404 || answer.status === 410)
      return problem('lost', `GET ${recordPath(kind.read, record.id)} answered ${answer.status}`, true);
    if (answer.status >= 300)
      return problem('unreadable', `GET ${recordPath(kind.read, record.id)} answered ${answer.status}`);
    const changed = Object.entries(record.state ?? {}).filter(
      ([field, was]) => JSON.stringify(fieldAt(answer.json, field)) !== JSON.stringify(was),
    );
    if (changed.length)
      return problem(
        'changed',
        changed
          .map(
            ([field, was]) =>
              `${field}: ${JSON.stringify(was)} when confirmed, ${JSON.stringify(fieldAt(answer.json, field))} now`,
          )
          .join('; '),
        true,
      );
    for (const once of kind.once ?? []) {
      const path = recordPath(once.list, record.id);
      const list = await input.ports.read({ tenant: record.tenant, path, signal: input.signal });
      if ('error' in list || list.status >= 300)
        return problem('unreadable', `GET ${path}: ${'error' in list ? list.error : list.status}`);
      const items = fieldAt(list.json, once.items);
      if (!Array.isArray(items)) return problem('unreadable', `GET ${path} has no ${once.items} list`);
      const keys = items.map((item) => (once.per ? JSON.stringify(fieldAt(item, once.per)) : 'one'));
      const seen = new Map<string, number>();
      for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
      const twice = [...seen].filter(([, n]) => n > 1);
      if (twice.length)
        return problem(
          'duplicated',
          `${once.items}: ${twice.map(([key, n]) => (once.per ? `${n} for ${once.per} ${key}` : `${n}, expected at most 1`)).join(', ')}`,
        );
    }
    presentSame++;
  };
  const queue = [...input.confirmed];
  await Promise.all(
    Array.from({ length: Math.min(4, queue.length) }, async () => {
      for (let next = queue.shift(); next && !input.signal.aborted; next = queue.shift()) await check(next);
    }),
  );
  const count = (status: RecordProblem['status']) => problems.filter((p) => p.status === status).length;
  const ages = problems.flatMap((p) => (p.ageMs !== undefined ? [p.ageMs] : []));
  return {
    confirmed: input.confirmed.length,
    presentSame,
    lost: count('lost'),
    changed: count('changed'),
    duplicated: count('duplicated'),
    unreadable: count('unreadable'),
    ...(ages.length ? { rpoMs: Math.max(...ages) } : {}),
    problems: problems.sort((a, b) => a.confirmedAtMs - b.confirmedAtMs),
  };
}
