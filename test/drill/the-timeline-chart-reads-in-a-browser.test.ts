// drill.html's timeline as a reader sees it, laid out by a real Chromium (Playwright, the system
// browser): phase bands lie under the bars, phase labels close together do not overlap (they are
// staggered, or cut with the full name in a tooltip) and stay inside the chart, and the bars of
// a drill's traffic leave no gap — a slot no transaction started in is marked, not left blank.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from '@playwright/test';
import { renderDrillHtml, type DrillResults, type DrillTransaction, type PhaseRecord } from '../../src/drill/index.js';

/** The rollback drill's shape: phases seconds apart, failures in two windows, two arrivals skipped at 12–14 s. */
function rollbackLike(): DrillResults {
  const phase = (
    index: number,
    name: string,
    type: PhaseRecord['type'],
    startMs: number,
    endMs: number,
    kind?: PhaseRecord['kind'],
  ): PhaseRecord => ({
    index,
    name,
    type,
    ...(kind ? { kind } : {}),
    startMs,
    endMs,
    outcome: 'done',
    location: `drills/r.drill.yaml:${10 + index}:5`,
  });
  const phases = [
    phase(0, 'release 2.0.0', 'operation', 8000, 9600, 'release'),
    phase(1, 'wait 5s', 'wait', 9600, 14_600),
    phase(2, 'stop the worker', 'operation', 14_600, 15_100, 'worker-outage'),
    phase(3, 'wait 2s', 'wait', 15_100, 17_100),
    phase(4, 'roll back', 'operation', 17_100, 20_100, 'rollback'),
    phase(5, 'start the worker', 'operation', 20_100, 21_000, 'worker-outage'),
    phase(6, 'check recovered', 'check', 21_000, 22_400),
  ];
  const transactions: DrillTransaction[] = [];
  for (let s = 0; s <= 22; s++) {
    if (s === 12 || s === 13) continue;
    const failed = s === 8 || s === 9 || s === 18 || s === 19;
    transactions.push({
      tenant: 'high-volume',
      scenario: 'order-to-cash',
      atMs: s * 1000 + 3,
      durationMs: 300,
      passed: !failed,
      ...(failed ? { failure: 'order.create: check status (eq)', cause: '503 RESTARTING' } : {}),
    });
  }
  return {
    schemaVersion: 1,
    drill: 'rollback-like',
    file: 'drills/r.drill.yaml',
    environment: 'sandbox',
    targetUrl: 'http://127.0.0.1:1',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 24_000,
    baselineMs: 8000,
    status: 'passed',
    phases,
    tenants: [
      {
        tenant: 'high-volume',
        transactions: { total: transactions.length, passed: transactions.length - 4, failed: 4 },
        failedAfterBaseline: 4,
        baseline: { count: 8, p50Ms: 300, p95Ms: 300, p99Ms: 300, errorRate: 0 },
        downtime: { totalMs: 4000, longestMs: 2000, windows: [] },
        operations: [],
        reconciliation: {
          confirmed: 0,
          presentSame: 0,
          lost: 0,
          changed: 0,
          duplicated: 0,
          unreadable: 0,
          problems: [],
        },
        jobs: { inFlight: 0, completedOnce: 0, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
      },
    ],
    verdicts: [],
    transactions,
    droppedTransactions: 0,
    skippedArrivals: 2,
  };
}

let browser: Browser;
let page: Page;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  page = await browser.newPage();
  await page.setContent(renderDrillHtml(rollbackLike()));
});
after(async () => {
  await browser?.close();
});

interface Box {
  x: number;
  y: number;
  right: number;
  bottom: number;
}
const boxes = (selector: string): Promise<Box[]> =>
  page.$$eval(selector, (elements) =>
    elements.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, right: r.right, bottom: r.bottom };
    }),
  );

test('phase labels do not overlap one another and stay inside the chart; a cut label keeps its name in a tooltip', async () => {
  const labels = await boxes('svg g.label text');
  const texts = await page.$$eval('svg g.label text', (e) => e.map((t) => t.textContent ?? ''));
  assert.equal(labels.length, 5, 'every phase but the waits is labelled');
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i]!, labels[j]!];
      const apart = a.right <= b.x || b.right <= a.x || a.bottom <= b.y || b.bottom <= a.y;
      assert.ok(apart, `"${texts[i]}" and "${texts[j]}" overlap: ${JSON.stringify([a, b])}`);
    }
  const svg = (await boxes('svg'))[0]!;
  assert.ok(
    labels.every((l) => l.x >= svg.x && l.right <= svg.right + 0.5),
    'no label runs out of the chart',
  );
  const titles = await page.$$eval('svg g.label > title', (e) => e.map((t) => t.textContent ?? ''));
  assert.deepEqual(
    titles.map((t) => t.replace(/: done$/, '')),
    ['1. release 2.0.0', '3. stop the worker', '5. roll back', '6. start the worker', '7. check recovered'],
  );
  texts.forEach((shown, k) => {
    const full = titles[k]!.replace(/: done$/, '');
    assert.ok(shown === full || (shown.endsWith('…') && full.startsWith(shown.slice(0, -1))), `${shown} / ${full}`);
  });
});

test('phase bands lie under the bars: the middle of every bar shows the bar, not a band', async () => {
  const hits = await page.$$eval('svg rect.bar', (bars) =>
    bars.map((bar) => {
      const r = bar.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top === bar;
    }),
  );
  assert.ok(hits.length > 5);
  assert.ok(
    hits.every(Boolean),
    `bars hidden under another element: ${hits.filter((h) => !h).length} of ${hits.length}`,
  );
  // Bars that fall inside a band exist, so the check means something.
  const bands = await boxes('svg rect.band');
  const bars = await boxes('svg rect.bar');
  assert.ok(bars.some((b) => bands.some((band) => b.x >= band.x - 1 && b.x < band.right)));
});

test('the bars leave no gap from the first transaction to the last; a slot no transaction started in is marked', async () => {
  const bars = (await boxes('svg rect.bar')).sort((a, b) => a.x - b.x);
  const columns = new Map<number, Box>();
  for (const b of bars) columns.set(Math.round(b.x * 10), b);
  const lefts = [...columns.values()].sort((a, b) => a.x - b.x);
  for (let k = 1; k < lefts.length; k++)
    assert.ok(
      Math.abs(lefts[k]!.x - lefts[k - 1]!.right) < 0.6,
      `a gap between ${lefts[k - 1]!.right.toFixed(1)} and ${lefts[k]!.x.toFixed(1)} px`,
    );
  const empty = await page.$$eval('svg rect.bar.empty > title', (e) => e.map((t) => t.textContent));
  assert.deepEqual(empty, ['12s–14s: no transaction started']);
});
