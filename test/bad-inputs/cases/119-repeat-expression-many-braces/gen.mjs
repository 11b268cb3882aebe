// Writes a repeat count that is neither a number nor one expression.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/case.scenario.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case-repeat\nsteps:\n  - repeat: "{{a}}' + '}}'.repeat(100000) + 'x"\n    steps:\n      - http: GET /health\n');
