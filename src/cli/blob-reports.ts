import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { RehearseError } from '../core/errors.js';
import type { RunGroup } from '../playwright/run-options.js';

/** What `rehearse report merge` needs to know of one blob report before merging it. */
export interface BlobReport {
  /** Absolute path of the zip. */
  file: string;
  /** `--shard` of the run that wrote it; undefined for an unsharded run. */
  shard: { current: number; total: number } | undefined;
  /** The run's `runGroup` metadata (see `RunGroup`); undefined for a blob `rehearse run` did not write. */
  group: RunGroup | undefined;
  /** Rehearse's run id of the shard (each shard is a run of its own). */
  runId: string | undefined;
  environment: string | undefined;
  /** Tests the shard selected. */
  tests: number;
  /** Playwright's overall status of the shard. */
  status: string | undefined;
}

/** The blobs of one run, in shard order, and the shards that are not there. */
export interface BlobRun {
  blobs: BlobReport[];
  /** Shards of the run (1 when unsharded). */
  total: number;
  /** Shard numbers no blob was found for, ascending. */
  missing: number[];
  group: RunGroup | undefined;
}

/** How deep below each folder blobs are looked for: CI downloads put each artifact in a folder of its own. */
const MAX_DEPTH = 3;

/**
 * The blob reports (`*.zip`) in `dirs` and their sub-folders (up to three levels: a CI's
 * artifact download writes one folder per artifact).
 *
 * @throws RehearseError `REHEARSE_MERGE_NO_BLOBS` when a folder is missing or none holds a zip.
 */
export function findBlobReports(dirs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isFile() && entry.name.endsWith('.zip')) found.push(path);
      else if (entry.isDirectory() && depth < MAX_DEPTH && entry.name !== 'resources') walk(path, depth + 1);
    }
  };
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new RehearseError('REHEARSE_MERGE_NO_BLOBS', `Failed to merge reports: there is no folder ${dir}.`, {
        hint: 'Run each shard with `--reporter blob` (it writes <outputDir>/blob/report-<shard>.zip) and collect the zips in one folder; name it as the argument.',
      });
    walk(dir, 0);
  }
  if (found.length === 0)
    throw new RehearseError(
      'REHEARSE_MERGE_NO_BLOBS',
      `Failed to merge reports: no blob report (*.zip) in ${dirs.join(', ')}.`,
      {
        hint: 'Run each shard with `--reporter blob` and download every shard’s <outputDir>/blob/ folder here before merging.',
      },
    );
  return found;
}

/**
 * Reads the head of a blob report: Playwright's `onBlobReportMetadata` (its shard),
 * `onConfigure` (the run's metadata) and `onProject` (the tests it selected) events of
 * `report.jsonl` (blob format version 2, Playwright 1.40+), and `onEnd`.
 *
 * @throws RehearseError `REHEARSE_MERGE_BAD_BLOB` when the file is no zip or holds no blob report.
 */
export function readBlobReport(file: string): BlobReport {
  const bad = (why: string) =>
    new RehearseError('REHEARSE_MERGE_BAD_BLOB', `Failed to read the blob report ${file}: ${why}.`, {
      hint: 'Give only the zips `rehearse run --reporter blob` wrote (<outputDir>/blob/); move other zips out of the folder.',
    });
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(file), { filter: (entry) => entry.name.endsWith('.jsonl') });
  } catch (error) {
    throw bad(`it is not a zip (${error instanceof Error ? error.message : String(error)})`);
  }
  const jsonl = Object.values(entries)[0];
  if (!jsonl) throw bad('it holds no report.jsonl');
  const events = Buffer.from(jsonl)
    .toString('utf8')
    .split('\n')
    .filter((line) => /^\{"method":"(onBlobReportMetadata|onConfigure|onProject|onEnd)"/.test(line))
    .map((line) => JSON.parse(line) as { method: string; params: Record<string, unknown> });
  const metadataEvent = events[0]?.method === 'onBlobReportMetadata' ? events[0].params : undefined;
  if (!metadataEvent) throw bad('its report.jsonl does not start with Playwright’s blob metadata');
  const config = events.find((e) => e.method === 'onConfigure')?.params.config as
    { metadata?: Record<string, unknown>; shard?: { current: number; total: number } | null } | undefined;
  const metadata = config?.metadata ?? {};
  const shard = (metadataEvent.shard ?? config?.shard ?? undefined) as BlobReport['shard'];
  const result = events.find((e) => e.method === 'onEnd')?.params.result as { status?: string } | undefined;
  return {
    file,
    shard: shard ?? undefined,
    group: isRunGroup(metadata.runGroup) ? metadata.runGroup : undefined,
    runId: typeof metadata.runId === 'string' ? metadata.runId : undefined,
    environment: typeof metadata.environment === 'string' ? metadata.environment : undefined,
    tests: events.filter((e) => e.method === 'onProject').reduce((n, e) => n + countTests(e.params.project), 0),
    status: result?.status,
  };
}

/**
 * Checks that the blobs are the shards of one run, each once, and says which shards are missing.
 * Blobs are of one run when they share `runGroup` (selection, pipeline) and the shard count.
 *
 * @throws RehearseError `REHEARSE_MERGE_MIXED_RUNS` for blobs of different runs,
 *   `REHEARSE_MERGE_DUPLICATE_SHARD` for one shard found twice.
 */
export function oneRunOf(blobs: readonly BlobReport[], base: string): BlobRun {
  const name = (b: BlobReport) => relative(base, b.file) || basename(b.file);
  const keyOf = (b: BlobReport) =>
    JSON.stringify([b.group?.selection ?? null, b.group?.pipeline ?? null, b.shard?.total ?? 1]);
  const runs = new Map<string, BlobReport[]>();
  for (const blob of blobs) runs.set(keyOf(blob), [...(runs.get(keyOf(blob)) ?? []), blob]);
  if (runs.size > 1) {
    const lines = [...runs.values()].map(
      (group, i) => `  run ${i + 1}: ${describeRun(group[0]!)}: ${group.map(name).join(', ')}`,
    );
    throw new RehearseError(
      'REHEARSE_MERGE_MIXED_RUNS',
      `Failed to merge reports: the blobs are of ${runs.size} different runs, and one merged report must be one run.\n${lines.join('\n')}`,
      {
        hint: 'Merge the blobs of each run on their own (one folder each); a pipeline’s shards share their filters, environment and shard count.',
      },
    );
  }
  const total = blobs[0]!.shard?.total ?? 1;
  const byShard = new Map<number, BlobReport[]>();
  for (const blob of blobs) {
    const current = blob.shard?.current ?? 1;
    byShard.set(current, [...(byShard.get(current) ?? []), blob]);
  }
  for (const [current, same] of byShard)
    if (same.length > 1)
      throw new RehearseError(
        'REHEARSE_MERGE_DUPLICATE_SHARD',
        `Failed to merge reports: shard ${current} of ${total} is there ${same.length} times (${same.map(name).join(', ')}), so its tests would count twice.`,
        {
          hint: 'Keep one blob per shard: a re-run job uploads its blob again; remove the older one (`runId` in each blob tells them apart).',
        },
      );
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !byShard.has(n));
  const sorted = [...blobs].sort((a, b) => (a.shard?.current ?? 1) - (b.shard?.current ?? 1));
  return { blobs: sorted, total, missing, group: blobs[0]!.group };
}

function describeRun(blob: BlobReport): string {
  const parts = [
    blob.group?.pipeline ? `pipeline ${blob.group.pipeline}` : undefined,
    blob.environment ? `environment ${blob.environment}` : undefined,
    blob.group
      ? `${blob.group.tests} test(s) selected (selection ${blob.group.selection})`
      : 'not written by rehearse run',
    `${blob.shard?.total ?? 1} shard(s)`,
  ];
  return parts.filter(Boolean).join(', ');
}

function isRunGroup(value: unknown): value is RunGroup {
  const v = value as Partial<RunGroup> | undefined;
  return typeof v === 'object' && v !== null && typeof v.selection === 'string' && typeof v.tests === 'number';
}

/** Tests in a teleReporter project: the `testId` entries of its suites, at any depth. */
function countTests(node: unknown): number {
  if (typeof node !== 'object' || node === null) return 0;
  const n = node as { testId?: unknown; suites?: unknown[]; entries?: unknown[] };
  if (typeof n.testId === 'string') return 1;
  return [...(n.suites ?? []), ...(n.entries ?? [])].reduce<number>((sum, child) => sum + countTests(child), 0);
}
