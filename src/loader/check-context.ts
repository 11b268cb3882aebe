import type { Diagnostic } from '../core/diagnostic.js';
import type { YamlSource } from '../core/yaml-source.js';
import type { EdiTemplate } from '../schema/index.js';
import type { LoadedAction, LoadedFragment, LoadedPageObject, LoadedTenant } from './project.js';

export type Segment = string | number;

/** Names visible to expressions at a point in a step list. */
export type Scope = Set<string>;

/** A virtual partner as the loader knows it: its folder and the names of its fault profiles. */
export interface IndexedPartner {
  name: string;
  /** Fault profile names (file names under `faults/`), sorted. */
  profiles: readonly string[];
}

/** An EDI template that passed its schema, with its source for positions inside it. */
export interface IndexedEdiTemplate {
  template: EdiTemplate;
  source: YamlSource;
}

/** What step checks need to know about the rest of the project. Every map is keyed by a user's name. */
export interface ProjectIndex {
  actions: ReadonlyMap<string, LoadedAction>;
  fragments: ReadonlyMap<string, LoadedFragment>;
  tenants: ReadonlyMap<string, LoadedTenant>;
  /** False when a tenant profile failed to load: checks that name tenants or traits stay quiet. */
  tenantsComplete: boolean;
  partners: ReadonlyMap<string, IndexedPartner>;
  dataSchemaNames: readonly string[];
  /** Every template file, valid or not (a malformed one is reported once, in its own file). */
  ediTemplateNames: readonly string[];
  ediTemplates: ReadonlyMap<string, IndexedEdiTemplate>;
  /** Environment variables the selected environment exposes as `env.NAME`. */
  exposedEnv: readonly string[];
  /** Page objects by name (modules under pages/), for `ui: { page: }` steps. */
  pages?: ReadonlyMap<string, LoadedPageObject>;
  /** A trusted load left the page objects out (`LoadOptions.skipPageObjects`): page calls are not checked. */
  pagesSkipped?: boolean;
  /** The files were found valid by an earlier load (see `LoadContext.trusted`): skip schema checks. */
  trusted?: boolean;
}

/** State threaded through the checks of one file. */
export interface CheckContext {
  source: YamlSource;
  index: ProjectIndex;
  diagnostics: Diagnostic[];
  /** Step ids seen so far in this file, each with where it is (located only for a duplicate's message). */
  stepIds: Map<string, { source: YamlSource; path: readonly Segment[] }>;
  /** The tenant profiles a scenario runs for (only while checking a scenario's own steps). */
  scenarioTenants?: readonly string[];
}

/**
 * Adds a diagnostic positioned at `path` in the context's file (with `key`, at the key
 * naming it; `columnOffset` moves it inside a scalar, e.g. to a name in an expression).
 */
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

/** The same checks, pointed at another file (a template used by this step, say). */
export function inFile(ctx: CheckContext, source: YamlSource): CheckContext {
  return { ...ctx, source, stepIds: new Map() };
}

/** True for a string that holds a `{{ }}`: its value is known only at run time. */
export function isDynamic(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

function formatSegments(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(root)';
}
