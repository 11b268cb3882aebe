import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { tenantOfTest } from '../test-identity.js';
import { scenarioResultOf } from './run-summary.js';
import { testCopies } from '../../report/test-copies.js';
import { serializeXml, type XmlElement } from './xml-text.js';

/**
 * JUnit XML for CI servers, written by Rehearse rather than Playwright's `junit`
 * reporter because the gate needs two things that one does not give: an
 * interrupted scenario is an `<error>` (Playwright reports it `<skipped>`),
 * and the document stays well-formed XML 1.0 whatever a value holds (Playwright
 * lets U+FFFE/U+FFFF through). The shape follows the de-facto JUnit schema
 * Jenkins, GitLab and GitHub read: `<testsuites>` › one `<testsuite>` per
 * scenario file × tenant › `<testcase>` with `<properties>` (annotations: tenant,
 * trace id, a failed cleanup), `<failure>` (an assertion did not hold),
 * `<error>` (errored, timed out, interrupted) or `<skipped>`, and `<system-out>`. A test that
 * passed only after a retry keeps its failed attempts as `<flakyFailure>` / `<flakyError>`
 * (Maven Surefire's rerun elements, which Jenkins and GitLab read) and a `flaky` property, so
 * a flaky pass is visible to a CI server that only reads JUnit.
 *
 * Options: `{ outputFile: string }`.
 */
export default class JunitReporter implements Reporter {
  private readonly outputFile: string;
  private suite: Suite | undefined;
  private readonly startedAt = new Date();
  /** Every attempt's result, in order: the last is the test's; the earlier ones a flaky pass's failures. */
  private readonly attempts = new Map<string, TestResult[]>();

  constructor(options: { outputFile: string }) {
    this.outputFile = options.outputFile;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.attempts.set(test.id, [...(this.attempts.get(test.id) ?? []), result]);
  }

  onEnd(result: FullResult): void {
    try {
      mkdirSync(dirname(this.outputFile), { recursive: true });
      writeFileSync(this.outputFile, serializeXml(this.document(result)));
    } catch (error) {
      process.stderr.write(`rehearse: could not write the JUnit report ${this.outputFile}: ${String(error)}\n`);
    }
  }

  private document(run: FullResult): XmlElement {
    const groups = new Map<string, { tenant: string; file: string; cases: XmlElement[]; counts: Counts }>();
    // A merge of shards holds a setup or teardown once per shard that ran it: one <testcase>, the worst copy's.
    const lastResult = (test: TestCase) => this.attempts.get(test.id)?.at(-1);
    for (const { test, copies } of testCopies(this.suite?.allTests() ?? [], lastResult)) {
      const tenant = tenantOfTest(test);
      const file = annotation(test, lastResult(test), 'scenario') ?? test.location.file;
      const key = `${tenant}\u0000${file}`;
      const group = groups.get(key) ?? { tenant, file, cases: [], counts: emptyCounts() };
      groups.set(key, group);
      group.cases.push(this.testCase(test, file, run, group.counts, copies.length));
    }
    const total = emptyCounts();
    const suites = [...groups.values()].map((group): XmlElement => {
      add(total, group.counts);
      return {
        name: 'testsuite',
        attributes: {
          name: group.file,
          hostname: group.tenant,
          timestamp: this.startedAt.toISOString(),
          ...countAttributes(group.counts),
        },
        children: group.cases,
      };
    });
    return {
      name: 'testsuites',
      attributes: { name: 'rehearse', ...countAttributes(total) },
      children: [
        ...(run.status === 'interrupted'
          ? [{ name: 'properties', children: [property('interrupted', 'the run was interrupted before it finished')] }]
          : []),
        ...suites,
      ],
    };
  }

  /** `copies`: how many shards ran the test (a tenant's setup or teardown runs in each that needs it). */
  private testCase(test: TestCase, file: string, run: FullResult, counts: Counts, copies: number): XmlElement {
    const attempts = this.attempts.get(test.id) ?? [];
    const result = attempts.at(-1);
    counts.tests += 1;
    counts.time += (result?.duration ?? 0) / 1000;
    const children: XmlElement[] = [];
    const earlier = attempts.slice(0, -1).filter((a) => a.status !== 'passed');
    const flaky = result?.status === 'passed' && earlier.length > 0;
    const properties = annotations(test, result).map((a) => property(a.type, a.description ?? ''));
    if (flaky)
      properties.push(
        property('flaky', `passed at attempt ${(result?.retry ?? 0) + 1} after ${earlier.length} failed attempt(s)`),
      );
    if (copies > 1) properties.push(property('shards', `ran in ${copies} shards; this is the worst of their results`));
    if (properties.length) children.push({ name: 'properties', children: properties });
    if (flaky)
      for (const attempt of earlier) {
        const what = classify(test, attempt, run);
        if (!what || what.kind === 'skipped') continue;
        children.push({
          name: what.kind === 'failure' ? 'flakyFailure' : 'flakyError',
          attributes: { message: what.message, ...(what.type ? { type: what.type } : {}) },
          ...(what.text ? { text: what.text } : {}),
        });
      }
    const verdict = classify(test, result, run);
    if (verdict) {
      counts[verdict.kind === 'failure' ? 'failures' : verdict.kind === 'error' ? 'errors' : 'skipped'] += 1;
      children.push({
        name: verdict.kind,
        attributes: { message: verdict.message, ...(verdict.type ? { type: verdict.type } : {}) },
        ...(verdict.text ? { text: verdict.text } : {}),
      });
    }
    const out = [...(result?.stdout ?? []), ...(result?.stderr ?? [])].map(String).join('');
    if (out) children.push({ name: 'system-out', text: out });
    return {
      name: 'testcase',
      attributes: {
        name: test.title,
        classname: file,
        file,
        line: test.location.line,
        time: ((result?.duration ?? 0) / 1000).toFixed(3),
      },
      children,
    };
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

const emptyCounts = (): Counts => ({ tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 });

function add(into: Counts, from: Counts): void {
  into.tests += from.tests;
  into.failures += from.failures;
  into.errors += from.errors;
  into.skipped += from.skipped;
  into.time += from.time;
}

function countAttributes(counts: Counts): Record<string, string | number> {
  const { time, ...rest } = counts;
  return { ...rest, time: time.toFixed(3) };
}

function property(name: string, value: string): XmlElement {
  return { name: 'property', attributes: { name, value } };
}

type Annotation = { type: string; description?: string };

/** Declared annotations and those added while the test ran, each once. */
function annotations(test: TestCase, result: TestResult | undefined): Annotation[] {
  const seen = new Set<string>();
  const runtime = (result as { annotations?: Annotation[] } | undefined)?.annotations ?? [];
  return [...test.annotations, ...runtime].filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function annotation(test: TestCase, result: TestResult | undefined, type: string): string | undefined {
  return annotations(test, result).find((a) => a.type === type)?.description;
}

/** What a test came to in JUnit's words; undefined for a pass. */
function classify(
  test: TestCase,
  result: TestResult | undefined,
  run: FullResult,
): { kind: 'failure' | 'error' | 'skipped'; message: string; type?: string; text?: string } | undefined {
  if (!result)
    return {
      kind: 'skipped',
      message: run.status === 'interrupted' ? 'not run: the run was interrupted' : 'not run',
    };
  const text = result.errors.map((e) => e.message ?? e.value ?? '').join('\n\n') || undefined;
  const firstLine = (text ?? '').split('\n')[0] ?? '';
  switch (result.status) {
    case 'passed':
      return undefined;
    case 'skipped':
      return { kind: 'skipped', message: annotation(test, result, 'skip') ?? 'skipped' };
    case 'interrupted':
      return {
        kind: 'error',
        type: 'interrupted',
        message: 'the run was interrupted (SIGINT or SIGTERM) before this scenario finished',
        ...(text ? { text } : {}),
      };
    case 'timedOut':
      return {
        kind: 'error',
        type: 'timeout',
        message: firstLine || 'the scenario timed out',
        ...(text ? { text } : {}),
      };
    case 'failed': {
      // A check that did not hold is a product defect (failure); a step that could not be carried out is an error.
      const scenario = scenarioResultOf(result.attachments);
      const kind = scenario?.status === 'failed' ? 'failure' : 'error';
      return {
        kind,
        type: scenario?.status ?? 'error',
        message: firstLine || 'the scenario failed',
        ...(text ? { text } : {}),
      };
    }
  }
}
