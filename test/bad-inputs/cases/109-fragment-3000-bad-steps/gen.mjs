// Writes a fragment of 3,000 misspelled steps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/fragments/case.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case\nsteps:\n' + '  - htp: GET /health\n'.repeat(3000));
