// Writes a duration with 200,000 spaces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case-duration\ntimeout: "1' + ' '.repeat(200000) + 'x"\nsteps:\n  - http: GET /health\n');
