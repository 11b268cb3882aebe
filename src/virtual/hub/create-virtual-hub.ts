import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { suggestionHint } from '../../core/did-you-mean.js';
import { InvalidProjectError, RehearseError } from '../../core/errors.js';
import { Redactor } from '../../core/redactor.js';
import { Journal } from '../journal/journal.js';
import { loadPartners } from './load-partners.js';
import { applyStartProfile, VirtualHub } from './virtual-hub.js';

/** Options shared by every way of hosting the virtual services. */
export interface VirtualServicesOptions {
  /** The folder with one sub-folder per partner, e.g. `virtual-services`. */
  dir: string;
  /** Seed of every random choice (faults, ids); same seed → same sequence. Default `rehearse`. */
  seed?: string | number;
  /** Fault profile per partner at start; default `healthy` when the partner has one, else no faults. */
  profiles?: Record<string, string>;
  /** Load only these partners (default: every folder with a handlers file). */
  partners?: readonly string[];
  /** Journal entries kept per partner (ring buffer). Default 10,000. */
  journalSize?: number;
  /** Bytes of each request body kept in the journal. Default 64 KiB. */
  maxBodyBytes?: number;
  /** Hides secrets in the journal (share the run's redactor so its secrets are known). */
  redactor?: Redactor;
  /** Clock in epoch ms (outage windows, rate limits, `now()` of handlers). */
  now?: () => number;
  /**
   * Hosts partners may call on a tenant's behalf (the EDI VAN's delivery), as
   * `allowedHosts` entries: a ceiling on what each request's own list allows.
   * Undefined: each request's list alone decides (and none means nowhere).
   */
  allowedHosts?: readonly string[];
}

/**
 * Loads the partners of `dir`, validates every fault profile and contract
 * (all problems at once, as an `InvalidProjectError`), and applies the
 * start-up profiles.
 *
 * @example
 * const hub = await createVirtualHub({ dir: 'virtual-services', seed: 42, profiles: { carrier: 'flaky' } });
 */
export async function createVirtualHub(options: VirtualServicesOptions): Promise<VirtualHub> {
  const dir = resolve(options.dir);
  if (!existsSync(dir)) {
    throw new RehearseError(
      'REHEARSE_VIRTUAL_DIR_MISSING',
      `Failed to start the virtual services: ${options.dir} does not exist.`,
      {
        hint: 'Point "dir" at the folder holding one sub-folder per partner (rehearse init creates virtual-services/).',
      },
    );
  }
  const { partners, diagnostics } = await loadPartners(dir, options.partners);
  const names = partners.map((p) => p.name);
  const problems: Diagnostic[] = [...diagnostics];
  for (const wanted of options.partners ?? []) {
    if (!names.includes(wanted))
      problems.push({
        code: 'REHEARSE_VIRTUAL_UNKNOWN_PARTNER',
        message: `No virtual partner "${wanted}" in ${options.dir}.`,
        hint: suggestionHint(wanted, names, 'partner'),
      });
  }
  for (const [partner, profile] of Object.entries(options.profiles ?? {})) {
    const definition = partners.find((p) => p.name === partner);
    if (!definition)
      problems.push({
        code: 'REHEARSE_VIRTUAL_UNKNOWN_PARTNER',
        message: `No virtual partner "${partner}" to apply profile "${profile}" to.`,
        hint: suggestionHint(partner, names, 'partner'),
      });
    else if (!definition.profiles.has(profile)) {
      problems.push({
        code: 'REHEARSE_VIRTUAL_UNKNOWN_PROFILE',
        message: `Partner ${partner} has no fault profile "${profile}".`,
        hint: suggestionHint(profile, [...definition.profiles.keys()], 'profile'),
      });
    }
  }
  if (problems.some((d) => d.severity !== 'warning')) throw new InvalidProjectError(problems);
  const hub = new VirtualHub({
    seed: String(options.seed ?? 'rehearse'),
    journal: new Journal({
      size: options.journalSize,
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
      redactor: options.redactor ?? new Redactor(),
    }),
    now: options.now ?? Date.now,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
  });
  for (const definition of partners) {
    const start = options.profiles?.[definition.name] ?? (definition.profiles.has('healthy') ? 'healthy' : undefined);
    await hub.install(definition, start);
    applyStartProfile(hub.runtime(definition.name));
  }
  return hub;
}
