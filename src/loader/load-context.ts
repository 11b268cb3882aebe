import type { Diagnostic } from '../core/diagnostic.js';
import type { UserFileBytes } from '../core/read-user-file.js';
import type { YamlSource } from '../core/yaml-source.js';

/** What every stage of `loadProject` shares: the project root and the problems and sources found so far. */
export interface LoadContext {
  root: string;
  diagnostics: Diagnostic[];
  /** Source text by file as shown in diagnostics, for code frames. */
  sources: Map<string, string>;
  /** Every file parsed, for the checks made once all schemas have been applied (numeric scalars). */
  parsed?: YamlSource[];
  /**
   * The files are byte for byte those of a load that found them valid (`trustedDigest`):
   * the JSON Schema checks, most of a first load's cost, are skipped; every other stage runs.
   */
  trusted?: boolean;
  /** Each file's bytes as the project digest read them, taken by `readProjectFile`. */
  reads?: Map<string, UserFileBytes>;
}
