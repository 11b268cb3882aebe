import { TenantProfileSchema, type TenantProfile } from '../schema/index.js';
import { duplicateName } from './duplicate-name.js';
import type { LoadContext } from './load-context.js';
import { parseProjectFile, type ParsedFile } from './parse-file.js';
import type { LoadedTenant } from './project.js';

export interface LoadedTenants {
  tenants: Map<string, LoadedTenant>;
  /** Every valid tenant profile file, for checks that point into them. */
  files: ParsedFile<TenantProfile>[];
  /** False when a file failed to load, so names and traits may be missing from `tenants`. */
  complete: boolean;
}

/** Reads `tenant-profiles/*.yaml`; a name defined twice is `REHEARSE_DUPLICATE_NAME`. */
export function loadTenants(load: LoadContext, files: readonly string[]): LoadedTenants {
  const tenants = new Map<string, LoadedTenant>();
  const parsedFiles: ParsedFile<TenantProfile>[] = [];
  let complete = true;
  for (const file of files) {
    const parsed = parseProjectFile<TenantProfile>(load, file, TenantProfileSchema);
    if (!parsed.valid) {
      complete = false;
      continue;
    }
    parsedFiles.push(parsed);
    const existing = tenants.get(parsed.value.name);
    if (existing) {
      load.diagnostics.push(duplicateName('tenant profile', parsed.value.name, parsed, ['name'], existing.origin.file));
      continue;
    }
    tenants.set(parsed.value.name, {
      profile: parsed.value,
      origin: { ...parsed.source.locate(['name']) },
    });
  }
  return { tenants, files: parsedFiles, complete };
}
