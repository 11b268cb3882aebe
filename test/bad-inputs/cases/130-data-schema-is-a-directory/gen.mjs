// Makes schemas/data/Case.schema.json a directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
mkdirSync(join(process.argv[2], 'schemas', 'data', 'Case.schema.json'), { recursive: true });
