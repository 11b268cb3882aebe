// Makes tenant-profiles/case.yaml a directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
mkdirSync(join(process.argv[2], 'tenant-profiles', 'case.yaml'), { recursive: true });
