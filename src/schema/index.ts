import { ActionFileSchema, FragmentSchema } from './action.js';
import { ConfigSchema } from './config.js';
import { DrillSchema } from './drill.js';
import { EdiTemplateSchema } from './edi-template.js';
import { toJsonSchemaDocument } from './json-schema.js';
import { ScenarioSchema } from './scenario.js';
import { TenantProfileSchema } from './tenant-profile.js';

export * from './action.js';
export * from './auth.js';
export * from './common.js';
export * from './config.js';
export * from './drill.js';
export * from './edi-template.js';
export * from './scenario.js';
export * from './session.js';
export * from './steps.js';
export * from './tenant-profile.js';
export * from './ui-locator.js';
export * from './ui-step.js';
export { fileSchemaForLoading, toJsonSchemaDocument } from './json-schema.js';

/** The editor schemas written to `schemas/` (file name → document). */
export function fileKindJsonSchemas(): Record<string, object> {
  const doc = (schema: Parameters<typeof toJsonSchemaDocument>[0], name: string, title: string) =>
    toJsonSchemaDocument(schema, { id: `https://rehearse.dev/schemas/${name}`, title });
  return {
    'scenario.schema.json': doc(ScenarioSchema, 'scenario.schema.json', 'Rehearse scenario'),
    'action.schema.json': doc(ActionFileSchema, 'action.schema.json', 'Rehearse actions'),
    'fragment.schema.json': doc(FragmentSchema, 'fragment.schema.json', 'Rehearse fragment'),
    'tenant-profile.schema.json': doc(TenantProfileSchema, 'tenant-profile.schema.json', 'Rehearse tenant profile'),
    'edi-template.schema.json': doc(EdiTemplateSchema, 'edi-template.schema.json', 'Rehearse EDI template'),
    'config.schema.json': doc(ConfigSchema, 'config.schema.json', 'Rehearse configuration'),
    'drill.schema.json': doc(DrillSchema, 'drill.schema.json', 'Rehearse drill'),
  };
}
export * from './page-object.js';
export * from './business-summary.js';
export * from './summary-load.js';
export * from './drill-results.js';
export * from './load-results.js';
export * from './versioned-document.js';
