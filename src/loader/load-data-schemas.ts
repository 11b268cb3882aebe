import { parseJsonSource } from '../core/json-source.js';
import type { LoadContext } from './load-context.js';
import { readProjectFile } from './read-project-file.js';

/**
 * Reads `schemas/data/<Name>.schema.json`, the schemas `expect: { schema: Name }` names.
 * A file that cannot be read or is not JSON is reported with its position (`REHEARSE_JSON_*`).
 */
export function loadDataSchemas(load: LoadContext, files: readonly string[]): Map<string, object> {
  const schemas = new Map<string, object>();
  for (const file of files) {
    const name = file
      .split('/')
      .pop()!
      .replace(/\.schema\.json$/, '');
    const read = readProjectFile(load, file);
    const parsed = read.text === undefined ? undefined : parseJsonSource(file, read.text);
    load.diagnostics.push(...read.diagnostics, ...(parsed?.diagnostics ?? []));
    if (parsed?.value !== undefined) schemas.set(name, parsed.value as object);
  }
  return schemas;
}
