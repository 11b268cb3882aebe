// Writes an http line that made the old pattern backtrack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case-redos\nsteps:\n  - http: GET /x' + '{{a}'.repeat(100000) + ' y\n');
