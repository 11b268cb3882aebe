import type { JobFigures, JobProblem } from './drill-results.js';
import type { DrillPorts } from './drill-ports.js';

/** A job as `GET /api/v1/jobs` lists it. */
export interface JobRow {
  id: number;
  type: string;
  ref: string;
  status: string;
  history?: Array<{ outcome?: string }>;
}

const IN_FLIGHT = new Set(['queued', 'running', 'retrying']);
export const JOBS_PATH = '/api/v1/jobs';

/** The tenant's jobs, or why they cannot be read (a target without a jobs API). */
export async function listJobs(
  ports: DrillPorts,
  tenant: string,
  signal: AbortSignal,
): Promise<JobRow[] | { unavailable: string }> {
  const answer = await ports.read({ tenant, path: JOBS_PATH, signal });
  if ('error' in answer) return { unavailable: answer.error };
  const jobs = (answer.json as { jobs?: unknown } | null)?.jobs;
  if (answer.status >= 300 || !Array.isArray(jobs))
    return { unavailable: `GET ${JOBS_PATH} answered ${answer.status}` };
  return jobs.filter(
    (j): j is JobRow =>
      !!j && typeof j === 'object' && typeof (j as JobRow).id === 'number' && typeof (j as JobRow).status === 'string',
  );
}

/** Jobs queued, running or retrying now. */
export function inFlight(jobs: readonly JobRow[]): JobRow[] {
  return jobs.filter((j) => IN_FLIGHT.has(j.status));
}

/**
 * Whether async work ran exactly once, from the tenant's job list after the drill. Jobs that
 * were in flight at an operation: completed once (succeeded), `unfinished` (still queued,
 * running or retrying, or failed), or `gone` (no longer listed: a restore to before they
 * existed; their records are reconciled). And every job of the list: `duplicated` when it ran
 * twice (two successes in its history) or when another succeeded job has its type and ref (a
 * replayed copy) — one problem per type and ref.
 */
export function jobFigures(tracked: ReadonlyMap<number, JobRow>, after: readonly JobRow[]): JobFigures {
  const byId = new Map(after.map((j) => [j.id, j]));
  const problems: JobProblem[] = [];
  const key = (job: JobRow) => `${job.type} ${job.ref}`;
  const runs = new Map<string, { job: JobRow; runs: number }>();
  for (const job of after) {
    const successes = (job.history ?? []).filter((h) => h.outcome === 'succeeded').length;
    const count = job.status === 'succeeded' ? Math.max(1, successes) : successes;
    if (!count) continue;
    const seen = runs.get(key(job));
    runs.set(key(job), { job: seen?.job ?? job, runs: (seen?.runs ?? 0) + count });
  }
  const twice = new Set<string>();
  for (const [k, { job, runs: n }] of runs)
    if (n > 1) {
      twice.add(k);
      problems.push({ id: job.id, type: job.type, ref: job.ref, status: 'duplicated', detail: `ran ${n} times` });
    }
  let completedOnce = 0;
  for (const [id, was] of tracked) {
    const job = byId.get(id);
    const at = { id, type: was.type, ref: was.ref };
    if (!job) problems.push({ ...at, status: 'gone', detail: `was ${was.status}; no longer listed` });
    else if (job.status !== 'succeeded')
      problems.push({ ...at, status: 'unfinished', detail: `was ${was.status}, now ${job.status}` });
    else if (!twice.has(key(job))) completedOnce++;
  }
  const count = (status: JobProblem['status']) => problems.filter((p) => p.status === status).length;
  return {
    inFlight: tracked.size,
    completedOnce,
    unfinished: count('unfinished'),
    duplicated: count('duplicated'),
    gone: count('gone'),
    problems,
  };
}
