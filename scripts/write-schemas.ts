// Writes the editor JSON Schemas in schemas/ from the TypeBox definitions in src/schema
// (the one source of truth). `--check` fails when a committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileKindJsonSchemas } from '../src/schema/index.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const [name, document] of Object.entries(fileKindJsonSchemas())) {
  const path = `schemas/${name}`;
  const text = `${JSON.stringify(document, null, 2)}\n`;
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    /* not written yet */
  }
  if (current === text) continue;
  if (check) {
    console.error(`${path} is out of date: run npm run schemas`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
process.exit(stale ? 1 : 0);
