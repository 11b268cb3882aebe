import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { readUserFile } from '../core/read-user-file.js';
import { isReservedName } from '../core/reserved-names.js';
import { parseFaultProfile } from '../virtual/faults/parse-fault-profile.js';
import { findHandlersFile } from '../virtual/partner/import-handlers.js';
import type { IndexedPartner } from './check-context.js';
import type { LoadContext } from './load-context.js';
import { virtualServicesDir } from './virtual-services-dir.js';

const PROFILE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Finds the virtual partners `run` would start (a folder with a handlers module under
 * `virtualServicesDir(root)`) and checks every fault profile of each, as the virtual
 * services do when they start: schema and rule semantics, with positions. A profile that
 * fails still counts as defined, so a scenario naming it gets no second, misleading error.
 * Handler modules are not imported here: that runs the user's code.
 */
export function loadVirtualPartners(load: LoadContext): Map<string, IndexedPartner> {
  const dir = virtualServicesDir(load.root);
  const partners = new Map<string, IndexedPartner>();
  const display = (path: string) => {
    const rel = relative(load.root, path);
    return rel.startsWith('..') ? path : rel.split(sep).join('/');
  };
  for (const name of listDir(dir).sort()) {
    const partnerDir = join(dir, name);
    if (!isDirectory(partnerDir) || !findHandlersFile(partnerDir)) continue;
    if (isReservedName(name)) {
      load.diagnostics.push({
        code: 'REHEARSE_RESERVED_NAME',
        message: `"${name}" cannot be a virtual partner's name: every JavaScript object already has a property called that.`,
        file: `${display(partnerDir)}/`,
        expected: 'a partner folder name such as carrier or edi-van',
        hint: 'Rename the folder.',
      });
      continue;
    }
    const profiles: string[] = [];
    const faultsDir = join(partnerDir, 'faults');
    for (const entry of listDir(faultsDir).sort()) {
      const ext = extname(entry);
      if (!PROFILE_EXTENSIONS.includes(ext) || !isFile(join(faultsDir, entry))) continue;
      const file = display(join(faultsDir, entry));
      profiles.push(basename(entry, ext));
      if (load.trusted) continue;
      const read = readUserFile(faultsDir, entry, { label: file });
      load.diagnostics.push(...read.diagnostics);
      if (read.text === undefined) continue;
      load.sources.set(file, read.text);
      load.diagnostics.push(...faultProfileProblems(file, read.text));
    }
    partners.set(name, { name, profiles });
  }
  return partners;
}

// A fault profile's problems depend on its name and text only. Loads repeated in one process
// (Playwright's runner loads the project twice, the fuzzer thousands of times) check the same
// unchanged profiles again and again: remember the last answers.
const checkedProfiles = new Map<string, readonly Diagnostic[]>();
const CHECKED_PROFILES_KEPT = 512;

function faultProfileProblems(file: string, text: string): Diagnostic[] {
  const key = `${file}\u0000${text}`;
  let problems = checkedProfiles.get(key);
  if (!problems) {
    problems = parseFaultProfile(file, text).diagnostics;
    if (checkedProfiles.size >= CHECKED_PROFILES_KEPT) checkedProfiles.delete(checkedProfiles.keys().next().value!);
    checkedProfiles.set(key, problems);
  }
  return problems.map((d) => ({ ...d }));
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
