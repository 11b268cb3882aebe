// X12 parse throughput against the plainest possible split, on the same text in the same process.
// Run: node --import tsx bench/edi-parse.bench.ts
import { performance } from 'node:perf_hooks';
import { buildX12, createControlNumbers, parseX12, validateX12, type X12SegmentSpec } from '../src/edi/index.js';

const TARGET_BYTES = 15 * 1024 * 1024;
const ROUNDS = 4;

function purchaseOrder(n: number): X12SegmentSpec[] {
  const lines: X12SegmentSpec[] = [];
  for (let i = 1; i <= 8; i++) {
    lines.push([
      'PO1',
      String(i),
      (n % 50) + i,
      'EA',
      `${(i * 1.25).toFixed(2)}`,
      '',
      'VP',
      `SKU-${n}-${i}`,
      'UP',
      '012345678905',
    ]);
    lines.push(['PID', 'F', '', '', '', `ITEM ${i} OF ORDER ${n}`]);
  }
  return [
    ['BEG', '00', 'SA', `PO-${n}`, '', '20261122'],
    ['REF', 'DP', '038'],
    ['N1', 'ST', 'ACME DC', '92', '0001'],
    ['N3', '1 MAIN ST'],
    ['N4', 'SPRINGFIELD', 'IL', '62701'],
    ...lines,
    ['CTT', 8],
  ];
}

function generate(): string {
  const sample = purchaseOrder(1);
  const perSet = buildX12({
    sender: { id: 'BUYER' },
    receiver: { id: 'SELLER' },
    sets: [{ id: '850', segments: sample }],
  }).length;
  const count = Math.ceil(TARGET_BYTES / perSet);
  const sets = Array.from({ length: count }, (_, n) => ({ id: '850', segments: purchaseOrder(n) }));
  return buildX12(
    { sender: { id: 'BUYER' }, receiver: { id: 'SELLER' }, sets },
    { controlNumbers: createControlNumbers({ interchange: 1, group: 1, set: 1 }) },
  );
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const text = generate();
const megabytes = Buffer.byteLength(text) / (1024 * 1024);
const sets = parseX12(text).interchanges[0]!.groups[0]!.sets.length;
console.log(
  `input: ${megabytes.toFixed(1)} MB, ${sets} transaction sets (850), ${text.split('~').length - 1} segments`,
);

const naive = (): number => {
  const rows = text.split('~').map((s) => s.split('*'));
  return rows.length;
};
const parse = (): number => parseX12(text).interchanges.length;

// Warm both paths, then alternate so neither gets the JIT's or GC's better half.
naive();
parse();
const naiveTimes: number[] = [];
const parseTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  naiveTimes.push(time(naive));
  parseTimes.push(time(parse));
}
const validateTime = time(() => validateX12(text));
const best = (xs: number[]): number => Math.min(...xs);
const rate = (ms: number): number => megabytes / (ms / 1000);
const naiveRate = rate(best(naiveTimes));
const parseRate = rate(best(parseTimes));
console.log(
  `split(terminator).map(split(separator)): ${naiveRate.toFixed(1)} MB/s (best of ${ROUNDS}: ${best(naiveTimes).toFixed(0)} ms)`,
);
console.log(
  `parseX12:                                ${parseRate.toFixed(1)} MB/s (best of ${ROUNDS}: ${best(parseTimes).toFixed(0)} ms)`,
);
console.log(
  `ratio parseX12 / naive split:            ${(parseRate / naiveRate).toFixed(2)}x the throughput (${(best(parseTimes) / best(naiveTimes)).toFixed(2)}x the time)`,
);
console.log(
  `validateX12 (parse + full validation):   ${rate(validateTime).toFixed(1)} MB/s (one run: ${validateTime.toFixed(0)} ms)`,
);
