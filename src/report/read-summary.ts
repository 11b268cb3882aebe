import { readFileSync, statSync } from 'node:fs';
import {
  BUSINESS_SUMMARY_READABLE_VERSIONS,
  BUSINESS_SUMMARY_VERSION,
  BusinessSummarySchema,
  versionedDocumentProblem,
  type BusinessSummary,
} from '../schema/index.js';

/** A business summary read from a file, or why it could not be (one sentence, no stack). */
export type SummaryReading = { ok: true; summary: BusinessSummary } | { ok: false; problem: string };

/**
 * Reads a `summary.json` a run (or a drill, or a load) wrote and checks it against
 * `BusinessSummarySchema`, so a comparison is only ever made with a real summary. Reads every
 * version in `BUSINESS_SUMMARY_READABLE_VERSIONS`: a version-1 summary (written before drills) or
 * version-2 one (before loads) is returned as the current-version summary it is — the same fields,
 * without `drills` or `loads` — and one that carries a field its version did not have is refused,
 * not silently taken. Never throws: a missing file, a folder, an empty file, text that is not JSON,
 * a version this Rehearse does not read or a shape the schema refuses each come back as a
 * `problem` naming the file and, for a shape, the first JSON pointer that is wrong.
 */
export function readBusinessSummary(file: string): SummaryReading {
  let text: string;
  try {
    if (statSync(file).isDirectory())
      return { ok: false, problem: `${file} is a folder, not a summary.json (try ${file}/summary.json)` };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem: code === 'ENOENT' ? `no file at ${file}` : `cannot read ${file} (${code ?? String(error)})`,
    };
  }
  if (text.trim() === '') return { ok: false, problem: `${file} is empty` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${file} is not JSON: ${(error as Error).message}` };
  }
  const problem = summaryProblem(value);
  if (problem) return { ok: false, problem: `${file}: ${problem}` };
  return { ok: true, summary: upgraded(value) as BusinessSummary };
}

/** What is wrong with `value` as a business summary of a readable version; undefined when nothing is. */
function summaryProblem(value: unknown): string | undefined {
  const found = isObject(value) ? value.schemaVersion : undefined;
  if (typeof found === 'number' && !BUSINESS_SUMMARY_READABLE_VERSIONS.includes(found))
    return `it is a version ${found} business summary; this Rehearse reads versions ${versionsText()}`;
  if (found === 1 && isObject(value) && 'drills' in value)
    return 'it is a version 1 business summary with drills, which only versions 2 and later have';
  if ((found === 1 || found === 2) && isObject(value) && 'loads' in value)
    return `it is a version ${found} business summary with loads, which only version 3 and later have`;
  return versionedDocumentProblem(upgraded(value), BusinessSummarySchema, BUSINESS_SUMMARY_VERSION, 'business summary');
}

/** Versions 1 and 2 are the current version without `drills` and `loads`: checked, and handed on, as that. */
function upgraded(value: unknown): unknown {
  return isObject(value) && (value.schemaVersion === 1 || value.schemaVersion === 2)
    ? { ...value, schemaVersion: BUSINESS_SUMMARY_VERSION }
    : value;
}

/** `1, 2 and 3`. */
function versionsText(): string {
  const all = BUSINESS_SUMMARY_READABLE_VERSIONS.map(String);
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}` : all.join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
