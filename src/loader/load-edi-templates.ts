import { basename } from 'node:path';
import { EdiTemplateSchema, type EdiTemplate } from '../schema/index.js';
import type { IndexedEdiTemplate, ProjectIndex } from './check-context.js';
import { checkSegmentIds } from './check-edi-segments.js';
import { checkTemplateSyntax } from './template-checks.js';
import type { LoadContext } from './load-context.js';
import { parseProjectFile } from './parse-file.js';
import type { LoadedEdiTemplate } from './project.js';

export interface LoadedEdiTemplates {
  /** Valid templates for the engine. */
  templates: Map<string, LoadedEdiTemplate>;
  /** Valid templates with their sources, for the checks of the steps that use them. */
  indexed: Map<string, IndexedEdiTemplate>;
  /** Every template file's name, valid or not. */
  names: string[];
}

/**
 * Reads `edi/templates/*.yaml`. What a template says on its own is checked here (segment
 * ids are X12 ids, expressions parse); what depends on the set and the scope of the step
 * that sends it is checked with that step (`checkEdiSend`).
 */
export function loadEdiTemplates(load: LoadContext, files: readonly string[]): LoadedEdiTemplates {
  const templates = new Map<string, LoadedEdiTemplate>();
  const indexed = new Map<string, IndexedEdiTemplate>();
  const names: string[] = [];
  for (const file of files) {
    const name = basename(file).replace(/\.ya?ml$/, '');
    names.push(name);
    const parsed = parseProjectFile<EdiTemplate>(load, file, EdiTemplateSchema);
    if (!parsed.valid) continue;
    templates.set(name, { template: parsed.value, file });
    indexed.set(name, { template: parsed.value, source: parsed.source });
    const ctx = { source: parsed.source, index: EMPTY_INDEX, diagnostics: load.diagnostics, stepIds: new Map() };
    checkSegmentIds(parsed.value.segments, ['segments'], ctx);
    checkTemplateSyntax(parsed.value, [], ctx);
  }
  return { templates, indexed, names };
}

/** Checks of a template on its own read nothing from the rest of the project. */
const EMPTY_INDEX: ProjectIndex = {
  actions: new Map(),
  fragments: new Map(),
  tenants: new Map(),
  tenantsComplete: true,
  partners: new Map(),
  dataSchemaNames: [],
  ediTemplateNames: [],
  ediTemplates: new Map(),
  exposedEnv: [],
};
