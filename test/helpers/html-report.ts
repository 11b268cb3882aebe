// Reads what Playwright's HTML reporter wrote, as its page reads it: `index.html` holds the report
// as a base64 zip (`<template id="playwrightReportBase64">data:application/zip;base64,...`), with
// `report.json` (the files and their tests' summaries) and one `<fileId>.json` per test file (the
// tests with their results, steps and attachments). Unzipped with fflate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/** An attachment as the HTML report keeps it: text bodies inline, other bodies as files under `data/`. */
export interface HtmlAttachment {
  name: string;
  contentType: string;
  body?: string;
  path?: string;
}

/** A step of a result: `attachments` are indices into the result's `attachments`. */
export interface HtmlStep {
  title: string;
  error?: string;
  steps: HtmlStep[];
  attachments: number[];
}

export interface HtmlResult {
  status: string;
  attachments: HtmlAttachment[];
  steps: HtmlStep[];
  errors: Array<{ message?: string } | string>;
}

export interface HtmlTest {
  testId: string;
  title: string;
  path: string[];
  outcome: string;
  tags: string[];
  annotations: Array<{ type: string; description?: string }>;
  results: HtmlResult[];
}

export interface HtmlReport {
  /** Every entry of the embedded zip, name → text. */
  files: Map<string, string>;
  /** Every test of every file. */
  tests: HtmlTest[];
}

/** Reads `<dir>/index.html` (a report folder, e.g. `reports/html`) or an `index.html` path. */
export function readHtmlReport(dirOrIndex: string): HtmlReport {
  const index = dirOrIndex.endsWith('.html') ? dirOrIndex : join(dirOrIndex, 'index.html');
  const html = readFileSync(index, 'utf8');
  const match = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html);
  if (!match) throw new Error(`${index} holds no embedded report`);
  const entries = unzipSync(Buffer.from(match[1]!, 'base64'));
  const files = new Map(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)]));
  const tests: HtmlTest[] = [];
  for (const [name, text] of files)
    if (name !== 'report.json' && name.endsWith('.json'))
      tests.push(...(JSON.parse(text) as { tests: HtmlTest[] }).tests);
  return { files, tests };
}

/** The one test whose title is `title` or matches it (throws, listing the titles, when there is none). */
export function testTitled(report: HtmlReport, title: string | RegExp): HtmlTest {
  const found = report.tests.find((t) => (typeof title === 'string' ? t.title === title : title.test(t.title)));
  if (!found)
    throw new Error(`no test ${String(title)} in the report; it has: ${report.tests.map((t) => t.title).join(', ')}`);
  return found;
}

/** Every step of a result, depth first. */
export function allSteps(steps: readonly HtmlStep[]): HtmlStep[] {
  return steps.flatMap((step) => [step, ...allSteps(step.steps)]);
}

/** The first step (depth first) whose title is `title` or matches it (throws when there is none). */
export function stepTitled(result: HtmlResult, title: string | RegExp): HtmlStep {
  const found = allSteps(result.steps).find((s) =>
    typeof title === 'string' ? s.title === title : title.test(s.title),
  );
  if (!found)
    throw new Error(
      `no step ${String(title)}; the steps: ${allSteps(result.steps)
        .map((s) => s.title)
        .join(' | ')}`,
    );
  return found;
}

/** The attachments of one step, resolved from the result's list. */
export function stepAttachments(result: HtmlResult, step: HtmlStep): HtmlAttachment[] {
  return step.attachments.map((i) => result.attachments[i]!);
}
