// Writes an action whose http line opens an expression and never closes it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "scenarios/actions/case.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'actions:\n  case.one:\n    api:\n      - http: GET /x{{' + ' a'.repeat(100000) + '\n');
