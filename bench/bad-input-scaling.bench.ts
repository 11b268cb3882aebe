// How the cost of refusing a malformed file grows with its size: each shape is measured at n
// and 2n in the same process, and the ratio printed (about 2 = linear; a quadratic path shows
// about 4). Also the cost of loading the shipped project as validate does, for reference.
// Run: node --import tsx bench/bad-input-scaling.bench.ts
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostics, loadProject, parseYamlSource, type Diagnostic } from '../src/index.js';

function cpuMs(run: () => void, rounds = 3): number {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const shapes: Array<[string, (n: number) => () => void, number]> = [
  ['duplicate keys', (n) => () => parseYamlSource('f.yaml', `a: 1\n${'a: 1\n'.repeat(n)}`), 20_000],
  [
    'distinct keys',
    (n) => () => parseYamlSource('f.yaml', Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n')),
    20_000,
  ],
  ['megabyte line', (n) => () => parseYamlSource('f.yaml', `a: ${'x'.repeat(n)}\n`), 1_000_000],
  ['unclosed flow', (n) => () => parseYamlSource('f.yaml', `a: ${'['.repeat(n)}\n`), 50_000],
  ['"}}" line (parser errors)', (n) => () => parseYamlSource('f.yaml', `a: {b: 1}${'}}'.repeat(n)}\n`), 100_000],
  [
    'formatting problems with frames',
    (n) => {
      const text = 'k: 1\n'.repeat(n);
      const diagnostics: Diagnostic[] = Array.from({ length: n }, (_, i) => ({
        code: 'X',
        message: 'x',
        file: 'a',
        line: i + 1,
        column: 1,
      }));
      return () => formatDiagnostics(diagnostics, { sources: new Map([['a', text]]) });
    },
    100_000,
  ],
];

console.log('shape                              n        ms(n)   ms(2n)  ratio');
for (const [name, make, n] of shapes) {
  make(n)(); // warm up
  const one = cpuMs(make(n));
  const two = cpuMs(make(2 * n));
  console.log(
    `${name.padEnd(34)} ${String(n).padStart(8)} ${one.toFixed(1).padStart(8)} ${two.toFixed(1).padStart(8)}  ${(two / Math.max(one, 0.01)).toFixed(2)}`,
  );
}

// validate's own work on the shipped project: first load (schemas compiled) and warm loads.
const root = mkdtempSync(join(tmpdir(), 'rehearse-bench-'));
for (const entry of ['rehearse.config.yaml', 'scenarios', 'tenant-profiles', 'edi', 'schemas', 'virtual-services'])
  cpSync(entry, join(root, entry), { recursive: true });
const first = cpuMs(() => loadProject({ root }), 1);
const warm = cpuMs(() => loadProject({ root }), 10);
writeFileSync(join(root, 'scenarios/dup.scenario.yaml'), `name: dup\n${'name: dup\n'.repeat(20_000)}`);
const withDuplicates = cpuMs(() => loadProject({ root }), 3);
console.log(
  `loadProject(shipped project): first ${first.toFixed(0)} ms, warm ${warm.toFixed(1)} ms; with a 20,000-duplicate file ${(withDuplicates / warm).toFixed(1)}x warm`,
);
rmSync(root, { recursive: true, force: true });
