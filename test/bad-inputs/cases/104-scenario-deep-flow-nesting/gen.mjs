// Writes a scenario whose variable is nested 5,000 levels deep.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case-deep\nvars:\n  v: ' + '['.repeat(5000) + ']'.repeat(5000) + '\nsteps:\n  - http: GET /health\n');
