import type { Diagnostic } from '../core/diagnostic.js';

/** What every stage of `loadProject` shares: the project root and the problems and sources found so far. */
export interface LoadContext {
  root: string;
  diagnostics: Diagnostic[];
  /** Source text by file as shown in diagnostics, for code frames. */
  sources: Map<string, string>;
}
