import type { TSchema } from '../core/typebox.js';
import { validateWithSchema } from '../core/schema-validate.js';
import { parseYamlSource, type YamlSource } from '../core/yaml-source.js';
import { fileSchemaForLoading } from '../schema/index.js';
import type { LoadContext } from './load-context.js';
import { readProjectFile } from './read-project-file.js';
import { recordStepOrigins } from './step-origins.js';

/** A user file read, parsed and checked against its file kind's schema. */
export interface ParsedFile<T> {
  file: string;
  source: YamlSource;
  /** The parsed value; typed `T` only when `valid`, else whatever the YAML held (or undefined). */
  value: T;
  valid: boolean;
}

/**
 * Reads `file` (relative to the project root; bytes, encodings and file-system shapes are
 * checked by `readUserFile`; see `readProjectFile`), parses it as YAML with positions and
 * validates it against `schema` (embedded steps are left to the step checks). Problems go
 * to `load.diagnostics`; an empty file is `REHEARSE_EMPTY_FILE`.
 */
export function parseProjectFile<T>(load: LoadContext, file: string, schema: TSchema): ParsedFile<T> {
  const read = readProjectFile(load, file);
  load.diagnostics.push(...read.diagnostics);
  if (read.text === undefined) return { file, source: parseYamlSource(file, ''), value: undefined as T, valid: false };
  const source = parseYamlSource(file, read.text);
  load.sources.set(file, source.text);
  load.parsed?.push(source);
  load.diagnostics.push(...source.diagnostics);
  if (source.diagnostics.length > 0) return { file, source, value: undefined as T, valid: false };
  if (source.value === null || source.value === undefined) {
    load.diagnostics.push({
      code: 'REHEARSE_EMPTY_FILE',
      message: 'The file is empty.',
      file,
      line: 1,
      column: 1,
      hint: 'Add content or delete the file.',
    });
    return { file, source, value: undefined as T, valid: false };
  }
  recordStepOrigins(source);
  const problems = load.trusted ? [] : validateWithSchema(fileSchemaForLoading(schema), source);
  load.diagnostics.push(...problems);
  return { file, source, value: source.value as T, valid: problems.length === 0 };
}
