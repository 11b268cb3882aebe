// Writes a scenario whose name is 3 MB long.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: ' + 'A'.repeat(3000000) + '\nsteps:\n  - http: GET /health\n');
