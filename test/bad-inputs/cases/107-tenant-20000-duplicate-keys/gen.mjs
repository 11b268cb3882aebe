// Writes a tenant profile with 20,000 duplicate keys.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const file = join(process.argv[2], "tenant-profiles/case.yaml");
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, 'name: case\ntraits: [edi]\n' + 'traits: [edi]\n'.repeat(20000));
