import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { readUserFile } from '../../core/read-user-file.js';
import type { FaultProfile } from './fault-profile-schema.js';
import { parseFaultProfile } from './parse-fault-profile.js';

/**
 * Reads every `faults/*.yaml|yml|json` of a partner folder. The file name is
 * the profile name. Problems are collected, never thrown.
 *
 * @example
 * const { profiles, diagnostics } = loadFaultProfiles('virtual-services/carrier');
 * profiles.get('flaky')?.rules
 */
export function loadFaultProfiles(
  partnerDir: string,
  displayDir = partnerDir,
): { profiles: Map<string, FaultProfile>; diagnostics: Diagnostic[] } {
  const profiles = new Map<string, FaultProfile>();
  const diagnostics: Diagnostic[] = [];
  const dir = join(partnerDir, 'faults');
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // No faults folder (or not a readable one: the project's own validation names it).
    return { profiles, diagnostics };
  }
  for (const name of names) {
    const ext = extname(name);
    if (!['.yaml', '.yml', '.json'].includes(ext)) continue;
    const file = join(displayDir, 'faults', name);
    const read = readUserFile(dir, name, { label: file });
    diagnostics.push(...read.diagnostics);
    if (read.text === undefined) continue;
    const result = parseFaultProfile(file, read.text);
    diagnostics.push(...result.diagnostics);
    if (result.profile) profiles.set(basename(name, ext), result.profile);
  }
  return { profiles, diagnostics };
}
