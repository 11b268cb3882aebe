// Writes an EDI template of 100,000 unclosed brackets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "edi/templates/case.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'segments: ' + '['.repeat(100000) + '\n');
