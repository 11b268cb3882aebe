// Makes rehearse.config.yaml a directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
mkdirSync(join(process.argv[2], 'rehearse.config.yaml', 'inside'), { recursive: true });
