// Writes a JSON schema nested 10,000 levels.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "schemas/data/Case.schema.json");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, '{"not":'.repeat(10000) + '{}' + '}'.repeat(10000));
