import { FaultProfileSchema } from './fault-profile-schema.js';

/**
 * The editor JSON Schema for `virtual-services/<partner>/faults/*.yaml`
 * (written to `schemas/fault-profile.schema.json` by the schema script).
 *
 * @example
 * writeFileSync('schemas/fault-profile.schema.json', JSON.stringify(faultProfileJsonSchema(), null, 2) + '\n');
 */
export function faultProfileJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(FaultProfileSchema)) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://rehearse.dev/schemas/fault-profile.schema.json',
    title: 'Rehearse virtual service fault profile',
    ...plain,
  };
}
