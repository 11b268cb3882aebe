import { readFileSync, statSync } from 'node:fs';
import {
  BUSINESS_SUMMARY_VERSION,
  BusinessSummarySchema,
  versionedDocumentProblem,
  type BusinessSummary,
} from '../schema/index.js';

/** A business summary read from a file, or why it could not be (one sentence, no stack). */
export type SummaryReading = { ok: true; summary: BusinessSummary } | { ok: false; problem: string };

/**
 * Reads a `summary.json` a run wrote and checks it against `BusinessSummarySchema` (version
 * `BUSINESS_SUMMARY_VERSION`), so a comparison is only ever made with a real summary. Never
 * throws: a missing file, a folder, an empty file, text that is not JSON, another schema
 * version or a shape the schema refuses each come back as a `problem` naming the file and,
 * for a shape, the first JSON pointer that is wrong.
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
  const problem = versionedDocumentProblem(value, BusinessSummarySchema, BUSINESS_SUMMARY_VERSION, 'business summary');
  if (problem) return { ok: false, problem: `${file}: ${problem}` };
  return { ok: true, summary: value as BusinessSummary };
}
