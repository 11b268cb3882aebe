// Child process of the regex audit: matches every pattern against every adversarial input
// and reports its own CPU time, so the parent bounds CPU (not wall time, which load inflates).
import { adversarialInputs, CODE_PATTERNS, schemaPatterns } from '../regex-audit.js';

const length = Number(process.argv[2] ?? 50_000);
const patterns = [...schemaPatterns().map((p) => ({ where: p, re: new RegExp(p, 'u') })), ...CODE_PATTERNS];
let matches = 0;
let worst = { ms: 0, where: '' };
for (const { where, re } of patterns) {
  for (const input of adversarialInputs(length)) {
    const started = process.cpuUsage();
    re.test(input);
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    if (ms > worst.ms) worst = { ms, where: `${where} on ${JSON.stringify(input.slice(0, 12))}…` };
    matches++;
  }
}
const total = process.cpuUsage();
console.log(JSON.stringify({ patterns: patterns.length, matches, cpuMs: (total.user + total.system) / 1000, worst }));
