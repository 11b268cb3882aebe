// Writes a step with 5,000 unknown keys.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case-keys\nsteps:\n  - http: GET /health\n' + Array.from({ length: 5000 }, (_, i) => `    k${i}: 1\n`).join(''));
