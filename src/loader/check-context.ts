import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { YamlSource } from '../core/yaml-source.js';
import type { Action, Fragment } from '../schema/index.js';

export type Segment = string | number;

/** What step checks need to know about the rest of the project. */
export interface ProjectIndex {
  actions: ReadonlyMap<string, { action: Action }>;
  fragments: ReadonlyMap<string, { fragment: Fragment }>;
  dataSchemaNames: readonly string[];
  ediTemplateNames: readonly string[];
  /** Environment variables the selected environment exposes as `env.NAME`. */
  exposedEnv: readonly string[];
}

/** State threaded through the checks of one file. */
export interface CheckContext {
  source: YamlSource;
  index: ProjectIndex;
  diagnostics: Diagnostic[];
  /** Step ids seen so far in this file. */
  stepIds: Map<string, SourcePosition>;
}

export function report(
  ctx: CheckContext,
  path: readonly Segment[],
  diagnostic: Omit<Diagnostic, 'file' | 'line' | 'column' | 'path'>,
  options: { key?: boolean; columnOffset?: number } = {},
): void {
  const position = ctx.source.locate(path, { key: options.key });
  ctx.diagnostics.push({
    ...diagnostic,
    file: position.file,
    line: position.line,
    column: position.column + (options.columnOffset ?? 0),
    path: formatSegments(path),
  });
}

function formatSegments(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(root)';
}
