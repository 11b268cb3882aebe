// Writes a 5 MB scenario file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case-big\nsteps:\n  - http: GET /health\n' + '# padding\n'.repeat(500000));
