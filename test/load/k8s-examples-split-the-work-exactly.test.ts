// The Kubernetes examples: each Indexed Job's pods, run through sh for every JOB_COMPLETION_INDEX
// with Rehearse's command line replaced by a recorder, ask for the shares 1/n … n/n exactly once,
// n equals the Job's completions, and the merge Job reads where the pods write.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseSegment } from '../../src/cli/load-flags.js';
import { parseShard } from '../../src/cli/run-flags.js';

const EXAMPLES = new URL('../../examples/k8s/', import.meta.url).pathname;

interface Job {
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    template: { spec: { restartPolicy: string; containers: Array<{ command: string[] }> } };
  };
}

const jobOf = (file: string): Job => {
  const docs = parseAllDocuments(readFileSync(join(EXAMPLES, file), 'utf8'));
  assert.equal(docs.length, 1, file);
  for (const doc of docs) assert.deepEqual(doc.errors, [], file);
  const job = docs[0]!.toJS() as Job;
  assert.equal(job.kind, 'Job');
  assert.equal(job.spec.backoffLimit, 0, `${file}: a retried pod would run its share twice`);
  assert.equal(job.spec.template.spec.restartPolicy, 'Never');
  return job;
};

// A fake `node` on PATH records the arguments the pod would give Rehearse.
const bin = mkdtempSync(join(tmpdir(), 'rehearse-k8s-'));
after(() => rmSync(bin, { recursive: true, force: true }));
mkdirSync(bin, { recursive: true });
writeFileSync(join(bin, 'node'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
chmodSync(join(bin, 'node'), 0o755);

function podArgs(job: Job, index: number): string[] {
  const [shell, flag, script] = job.spec.template.spec.containers[0]!.command;
  assert.equal(shell, 'sh');
  assert.equal(flag, '-c');
  const out = execFileSync('sh', ['-c', script!], {
    env: { PATH: `${bin}:/usr/bin:/bin`, JOB_COMPLETION_INDEX: String(index) },
    encoding: 'utf8',
  });
  const args = out.split('\n').filter(Boolean);
  assert.equal(args[0], 'node_modules/.bin/rehearse');
  return args.slice(1);
}

const valueOf = (args: string[], name: string) => args[args.indexOf(name) + 1];

for (const [file, command, option, parse, merge] of [
  ['load-segments.yaml', 'load', '--segment', parseSegment, 'load-merge.yaml'],
  [
    'functional-shards.yaml',
    'run',
    '--shard',
    (t: string) => {
      const s = parseShard(t);
      return { index: s.current, count: s.total };
    },
    'functional-merge.yaml',
  ],
] as const) {
  test(`${file}: the pods take the shares 1/n … n/n once each, and ${merge} reads what they write`, () => {
    const job = jobOf(file);
    assert.equal(job.spec.completionMode, 'Indexed');
    const n = job.spec.completions!;
    assert.ok(n >= 2);
    assert.equal(job.spec.parallelism, n, 'every share at once');
    const pods = Array.from({ length: n }, (_, i) => podArgs(job, i));
    const shares = pods.map((args) => {
      assert.equal(args[0], command);
      return parse(valueOf(args, option)!);
    });
    assert.deepEqual(
      shares.map((s) => s.index).sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    for (const s of shares) assert.equal(s.count, n, `${option} n equals completions`);
    // The same command for every pod but the share (and its own output folder for blobs).
    const rest = pods.map((args) =>
      args.filter(
        (a, i) => !(args[i - 1] === option || a === option || (command === 'run' && args[i - 1] === '--output-dir')),
      ),
    );
    for (const r of rest) assert.deepEqual(r, rest[0]);
    // rehearse load writes <output-dir>/load/segment-<i>-of-<n>.json; rehearse run its blob under <output-dir>/blob.
    const outputs = pods.map((args) => join(valueOf(args, '--output-dir')!, command === 'load' ? 'load' : 'blob'));
    const merger = jobOf(merge).spec.template.spec.containers[0]!.command;
    assert.equal(merger[0], 'node');
    const reads = merger[4]!;
    for (const out of outputs) assert.ok(out.startsWith(reads), `${merge} reads ${reads}; a pod writes ${out}`);
  });
}
