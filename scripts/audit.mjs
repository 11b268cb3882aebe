// `npm run audit`: the production dependencies have no high or critical advisory, except those
// written down in audit-exceptions.json with a reason. Run by .ci/run.
//
// When the registry refuses or cannot be reached for its advisory endpoint (some networks allow
// package downloads but not the audit POST), this says so loudly and exits 0: the check could
// not be made, which is not the same as a finding. Set REHEARSE_AUDIT_REQUIRED=1 to make that a
// failure where the endpoint must be reachable.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const LEVELS = new Set(['high', 'critical']);
const exceptions = existsSync('audit-exceptions.json')
  ? JSON.parse(readFileSync('audit-exceptions.json', 'utf8'))
  : { exceptions: [] };
const excepted = new Map(exceptions.exceptions.map((e) => [`${e.package}@${e.advisory}`, e.reason]));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(result.stdout || '{}');
} catch {
  report = {};
}

if (report.error || !report.vulnerabilities) {
  const why = report.error?.summary || report.message || (result.stderr || 'no answer').split('\n').find(Boolean);
  console.warn(`audit: NOT CHECKED — the registry's advisory endpoint did not answer (${why}).`);
  console.warn('audit: run `npm audit --omit=dev` on a network that reaches it before a release.');
  process.exit(process.env.REHEARSE_AUDIT_REQUIRED ? 1 : 0);
}

const findings = [];
for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
  for (const via of vulnerability.via) {
    if (typeof via !== 'object' || !LEVELS.has(via.severity)) continue;
    const key = `${name}@${via.source}`;
    if (excepted.has(key)) {
      console.log(`audit: ${key} (${via.severity}) excepted: ${excepted.get(key)}`);
      continue;
    }
    findings.push(`${name}: ${via.severity} — ${via.title} (${via.url})`);
  }
}
if (findings.length) {
  console.error(`audit: ${findings.length} high or critical advisory(ies) in production dependencies:`);
  for (const finding of findings) console.error(`  ${finding}`);
  console.error('audit: upgrade, or write the exception with its reason in audit-exceptions.json.');
  process.exit(1);
}
console.log('audit: no high or critical advisory in production dependencies.');
