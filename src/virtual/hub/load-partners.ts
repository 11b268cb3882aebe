import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { errorMessage } from '../../core/errors.js';
import { moduleLoadFailure } from '../../core/module-load-failure.js';
import { compileContract, type ContractValidator } from '../contract/contract-validator.js';
import type { FaultProfile } from '../faults/fault-profile-schema.js';
import { loadFaultProfiles } from '../faults/load-fault-profiles.js';
import type { PartnerSetup } from '../partner/define-partner.js';
import { findHandlersFile, importHandlers } from '../partner/import-handlers.js';

/** A partner folder, loaded: setup function, fault profiles, contract. */
export interface PartnerDefinition {
  name: string;
  dir: string;
  handlersFile: string;
  setup: PartnerSetup;
  profiles: Map<string, FaultProfile>;
  contract: ContractValidator | undefined;
}

/**
 * Loads every partner folder of `dir` (a folder with a handlers file), and
 * collects every problem (bad handler module, fault profile, contract).
 *
 * @example
 * const { partners, diagnostics } = await loadPartners('virtual-services');
 */
export async function loadPartners(
  dir: string,
  only?: readonly string[],
): Promise<{ partners: PartnerDefinition[]; diagnostics: Diagnostic[] }> {
  const partners: PartnerDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const display = (path: string) => relative(process.cwd(), path) || path;
  const names = readdirSync(dir)
    .filter((name) => isDirectory(join(dir, name)))
    .filter((name) => !only || only.includes(name))
    .sort();
  for (const name of names) {
    const partnerDir = join(dir, name);
    const handlersFile = findHandlersFile(partnerDir);
    if (!handlersFile) continue;
    const { profiles, diagnostics: profileProblems } = loadFaultProfiles(partnerDir, display(partnerDir));
    diagnostics.push(...profileProblems);
    const contract = loadContract(join(partnerDir, 'contract.json'), display, diagnostics);
    let setup: PartnerSetup | undefined;
    try {
      const module = await importHandlers(handlersFile);
      // A TypeScript file outside a "type": "module" package is compiled as CommonJS: its default export arrives nested.
      const nested = module.default as { default?: unknown; setup?: unknown } | undefined;
      const candidate = [module.default, module.setup, nested?.default, nested?.setup].find(
        (c) => typeof c === 'function',
      );
      if (typeof candidate === 'function') setup = candidate as PartnerSetup;
      else {
        diagnostics.push({
          code: 'REHEARSE_VIRTUAL_HANDLERS_INVALID',
          message: `Handler module of partner "${name}" has no setup function.`,
          file: display(handlersFile),
          line: 1,
          column: 1,
          expected: 'export default a function ({ route, reply }) => { route.post(...) }',
          hint: 'Export the partner setup as the default export (type it with PartnerSetup).',
        });
      }
    } catch (error) {
      const failure = moduleLoadFailure(error, handlersFile);
      diagnostics.push({
        code: 'REHEARSE_VIRTUAL_HANDLERS_INVALID',
        message: `Failed to load the handlers of partner "${name}": ${failure.message}`,
        file: display(handlersFile),
        ...(failure.line !== undefined ? { line: failure.line } : {}),
        ...(failure.column !== undefined ? { column: failure.column } : {}),
        hint: 'Fix the module so that it imports and type-checks (npx tsc --noEmit).',
      });
    }
    if (setup) partners.push({ name, dir: partnerDir, handlersFile, setup, profiles, contract });
  }
  return { partners, diagnostics };
}

// A broken link or an unreadable entry is not a partner; the project's validation names it.
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function loadContract(
  file: string,
  display: (path: string) => string,
  diagnostics: Diagnostic[],
): ContractValidator | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return compileContract(document);
  } catch (error) {
    diagnostics.push({
      code: 'REHEARSE_VIRTUAL_CONTRACT_INVALID',
      message: `Failed to read the contract: ${errorMessage(error).split('\n')[0]}`,
      file: display(file),
      hint: 'contract.json must be an OpenAPI 3.x document in JSON whose schemas compile with ajv.',
    });
    return undefined;
  }
}
