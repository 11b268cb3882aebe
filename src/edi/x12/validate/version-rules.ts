import type { FunctionalGroup, Interchange } from '../types.js';

/**
 * How dates and times are written in one X12 release. Version 004010 (the Y2K release)
 * widened data element 373 (DT) from YYMMDD to CCYYMMDD and 337 (TM) from HHMM[SS] to
 * HHMM[SS[D[D]]]; every release before it writes 6-digit dates.
 */
export interface VersionRules {
  /** The release the rules come from, `004010`; undefined when neither GS08 nor ISA12 names one. */
  release?: string;
  /** Digits of a DT element: 6 (YYMMDD) before 004010, 8 (CCYYMMDD) from it on. */
  dateDigits: 6 | 8;
  /** Longest TM element: 6 (HHMMSS) before 004010, 8 (HHMMSSDD) from it on. */
  timeMaxDigits: 6 | 8;
}

const Y2K_RELEASE = '004010';

/**
 * The element rules for a group: its release from GS08 (`004010`, `003010`, `004010VICS` →
 * `004010`), else from the interchange's ISA12 (`00401` → `004010`). Unreadable versions
 * give the current rules (CCYYMMDD), never a guess at an older release.
 *
 * @example
 * versionRules(group, interchange).dateDigits; // 6 for a GS08 of 003010
 */
export function versionRules(group: FunctionalGroup | undefined, interchange: Interchange): VersionRules {
  const release = releaseOf(group?.version ?? '') ?? releaseOf(`${interchange.version}0`);
  if (release === undefined) return { dateDigits: 8, timeMaxDigits: 8 };
  const old = release < Y2K_RELEASE;
  return { release, dateDigits: old ? 6 : 8, timeMaxDigits: old ? 6 : 8 };
}

/** The six-digit release at the start of a GS08 (`003010`, `004010VICS`), if there is one. */
function releaseOf(version: string): string | undefined {
  const digits = /^(\d{6})/.exec(version)?.[1];
  return digits && digits >= '002000' && digits < '010000' ? digits : undefined;
}
