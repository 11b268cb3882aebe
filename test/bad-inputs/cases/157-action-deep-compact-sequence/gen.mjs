// Writes an action whose steps nest 150 compact sequences.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/actions/case.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'actions:\n  case.one:\n    api:\n      ' + '- '.repeat(150) + 'x\n');
