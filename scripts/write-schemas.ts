// Writes the JSON Schemas in schemas/ from their TypeBox definitions (the one source of truth):
// the editor schemas of every file kind (src/schema), the business summary's (src/schema/business-summary.ts), the drill results' (src/schema/drill-results.ts), the fault profile schema (src/virtual),
// and the sandbox API's data schemas (schemas/data/*.schema.json, used by `schema: Name` checks).
// `--check` fails when a committed file is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { COMPONENT_SCHEMAS } from '../sandbox/api/openapi.js';
import {
  BusinessSummarySchema,
  DrillResultsSchema,
  fileKindJsonSchemas,
  LoadResultsSchema,
  toJsonSchemaDocument,
} from '../src/schema/index.js';
import { faultProfileJsonSchema } from '../src/virtual/index.js';

const check = process.argv.includes('--check');
const documents: Record<string, unknown> = {
  ...fileKindJsonSchemas(),
  'fault-profile.schema.json': faultProfileJsonSchema(),
  // Not a file users write: the business summary a run writes (reports/summary/summary.json), for its readers.
  'business-summary.schema.json': toJsonSchemaDocument(BusinessSummarySchema, {
    id: 'https://rehearse.dev/schemas/business-summary.schema.json',
    title: 'Rehearse business summary',
  }),
  // What `rehearse load` writes per segment and `rehearse load merge` for their union.
  'load-results.schema.json': toJsonSchemaDocument(LoadResultsSchema, {
    id: 'https://rehearse.dev/schemas/load-results.schema.json',
    title: 'Rehearse load results',
  }),
  // What `rehearse drill` writes (reports/drills/<drill>/drill-results.json).
  'drill-results.schema.json': toJsonSchemaDocument(DrillResultsSchema, {
    id: 'https://rehearse.dev/schemas/drill-results.schema.json',
    title: 'Rehearse drill results',
  }),
};
for (const [name, schema] of Object.entries(COMPONENT_SCHEMAS)) {
  documents[`data/${name}.schema.json`] = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${name} (sandbox ERP API)`,
    ...(JSON.parse(JSON.stringify(schema)) as object),
  };
}

mkdirSync('schemas/data', { recursive: true });
let stale = 0;
for (const [name, document] of Object.entries(documents)) {
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
