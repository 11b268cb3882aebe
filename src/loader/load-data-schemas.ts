import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadContext } from './load-context.js';

/**
 * Reads `schemas/data/<Name>.schema.json`, the schemas `expect: { schema: Name }` names.
 * A file that is not JSON is `REHEARSE_SCHEMA_FILE_INVALID`.
 */
export function loadDataSchemas(load: LoadContext, files: readonly string[]): Map<string, object> {
  const schemas = new Map<string, object>();
  for (const file of files) {
    const name = file
      .split('/')
      .pop()!
      .replace(/\.schema\.json$/, '');
    try {
      schemas.set(name, JSON.parse(readFileSync(join(load.root, file), 'utf8')) as object);
    } catch (error) {
      load.diagnostics.push({
        code: 'REHEARSE_SCHEMA_FILE_INVALID',
        message: `Cannot read JSON Schema: ${error instanceof Error ? error.message : String(error)}.`,
        file,
        line: 1,
        column: 1,
        hint: 'The file must be valid JSON.',
      });
    }
  }
  return schemas;
}
