import { expect, type Locator } from '@playwright/test';
import { formatDuration } from '../../core/duration.js';
import { describeLocator } from '../../engine/ui-describe.js';
import type { UiLocator, UiOperation } from '../../schema/index.js';
import { buildLocator, type RenderText } from './build-locator.js';
import type { OperationContext } from './perform-operation.js';
import { countNow } from './playwright-error.js';
import { UiFailure } from './ui-failure.js';
import { urlMatchesGlob } from './url-glob.js';

type ExpectOperation = Extract<UiOperation, { expect: unknown }>;

interface Assertion {
  matcher: string;
  expected: unknown;
  /** What the step asked, as a message says it: `to contain the text "Order allocated"`. */
  wanted: string;
  run(target: Locator, timeout: number): Promise<void>;
  /** What the page has instead, read after the assertion gave up. */
  actual(target: Locator): Promise<unknown>;
}

/**
 * `expect: <locator>` with `text`, `value`, `count`, `enabled`, `visible` or `hidden` (visible
 * when nothing else is asked): Playwright's web-first assertions (`toContainText`, `toHaveText`,
 * `toHaveValue`, `toHaveCount`, `toBeEnabled`/`toBeDisabled`, `toBeVisible`/`toBeHidden`), each
 * retried until it holds or the step's time is up (a passing assertion records nothing). The first that does not hold throws a
 * `UiFailure` with its check: the locator in the YAML's terms, what was expected, what was found.
 */
export async function expectOnElement(op: ExpectOperation, oc: OperationContext): Promise<void> {
  const target = buildLocator(oc.page, op.expect, oc.render);
  const described = describeLocator(op.expect, oc.render);
  for (const assertion of assertionsOf(op, oc.render)) {
    try {
      await assertion.run(target, oc.timeoutMs);
    } catch (error) {
      if (error instanceof UiFailure) throw error;
      throw await expectationFailure(assertion, target, op.expect, described, oc);
    }
  }
}

async function expectationFailure(
  assertion: Assertion,
  target: Locator,
  locator: UiLocator,
  described: string,
  oc: OperationContext,
): Promise<UiFailure> {
  const count = await countNow(target);
  const absent = count === 0 && assertion.matcher !== 'ui.count' && assertion.matcher !== 'ui.hidden';
  const actual = absent ? undefined : await assertion.actual(target).catch(() => undefined);
  const found = absent
    ? 'no element matched it'
    : count > 1 && assertion.matcher !== 'ui.count'
      ? `${count} elements match it, and the assertion needs one`
      : `got ${JSON.stringify(actual)}`;
  const message = `Expected ${described} ${assertion.wanted}, ${found} (waited ${formatDuration(oc.timeoutMs)}).`;
  return new UiFailure({
    code: absent ? 'REHEARSE_UI_NOT_FOUND' : 'REHEARSE_UI_EXPECTATION_FAILED',
    message,
    hint: absent
      ? "Compare the locator with the page's accessible snapshot below: roles and names are what a screen reader hears."
      : count > 1 && assertion.matcher !== 'ui.count'
        ? 'Narrow the locator: exact: true, a filter (hasText), within, or nth/first/last.'
        : 'The snapshot below shows what the page had when the time ran out.',
    locator,
    check: {
      path: described,
      matcher: assertion.matcher,
      expected: assertion.expected,
      actual: absent ? 'no element' : actual,
      passed: false,
      message,
    },
  });
}

function assertionsOf(op: ExpectOperation, render: RenderText): Assertion[] {
  const out: Assertion[] = [];
  const innerText = async (t: Locator) => (await t.innerText({ timeout: 1000 })).trim();
  if (op.text !== undefined) {
    const text = op.text;
    if (typeof text === 'string') {
      const wanted = render(text);
      out.push({
        matcher: 'ui.text',
        expected: wanted,
        wanted: `to contain the text ${JSON.stringify(wanted)}`,
        run: (t, timeout) => expect(t).toContainText(wanted, { timeout }),
        actual: innerText,
      });
    } else if ('equals' in text) {
      const wanted = render(text.equals);
      out.push({
        matcher: 'ui.text',
        expected: wanted,
        wanted: `to have the text ${JSON.stringify(wanted)}`,
        run: (t, timeout) => expect(t).toHaveText(wanted, { timeout }),
        actual: innerText,
      });
    } else {
      const regex = new RegExp(render(text.matches), text.flags);
      out.push({
        matcher: 'ui.text',
        expected: String(regex),
        wanted: `to have text matching ${String(regex)}`,
        run: (t, timeout) => expect(t).toHaveText(regex, { timeout }),
        actual: innerText,
      });
    }
  }
  if (op.value !== undefined) {
    const value = op.value;
    const wanted = typeof value === 'object' ? new RegExp(render(value.matches), value.flags) : render(String(value));
    out.push({
      matcher: 'ui.value',
      expected: typeof wanted === 'string' ? wanted : String(wanted),
      wanted:
        typeof wanted === 'string'
          ? `to have the value ${JSON.stringify(wanted)}`
          : `to have a value matching ${String(wanted)}`,
      run: (t, timeout) => expect(t).toHaveValue(wanted, { timeout }),
      actual: (t) => t.inputValue({ timeout: 1000 }),
    });
  }
  if (op.count !== undefined) {
    const count = op.count;
    out.push({
      matcher: 'ui.count',
      expected: count,
      wanted: `to match ${count} element${count === 1 ? '' : 's'}`,
      run: (t, timeout) => expect(t).toHaveCount(count, { timeout }),
      actual: (t) => t.count(),
    });
  }
  if (op.enabled !== undefined) {
    const enabled = op.enabled;
    out.push({
      matcher: 'ui.enabled',
      expected: enabled,
      wanted: enabled ? 'to be enabled' : 'to be disabled',
      run: (t, timeout) => (enabled ? expect(t).toBeEnabled({ timeout }) : expect(t).toBeDisabled({ timeout })),
      actual: async (t) => ((await t.isEnabled({ timeout: 1000 })) ? 'enabled' : 'disabled'),
    });
  }
  const hidden = op.hidden === true || op.visible === false;
  if (hidden || op.visible === true || out.length === 0)
    out.push({
      matcher: hidden ? 'ui.hidden' : 'ui.visible',
      expected: hidden ? 'hidden' : 'visible',
      wanted: hidden ? 'to be hidden' : 'to be visible',
      run: (t, timeout) => (hidden ? expect(t).toBeHidden({ timeout }) : expect(t).toBeVisible({ timeout })),
      actual: async (t) => ((await t.isVisible()) ? 'visible' : 'hidden'),
    });
  return out;
}

/**
 * `expectUrl: '/orders/SO-*'` (a glob on the path, see `urlMatchesGlob`) or `{ matches: regex }`
 * (on the whole URL): Playwright's `toHaveURL`, retried until it matches or the time is up.
 */
export async function expectUrl(
  spec: Extract<UiOperation, { expectUrl: unknown }>['expectUrl'],
  oc: OperationContext,
): Promise<void> {
  const glob = typeof spec === 'string' ? oc.render(spec) : undefined;
  const regex = typeof spec === 'string' ? undefined : new RegExp(oc.render(spec.matches), spec.flags);
  const expected = glob ?? String(regex);
  const matches = (url: URL) => (glob !== undefined ? urlMatchesGlob(url.href, glob) : regex!.test(url.href));
  try {
    await expect(oc.page).toHaveURL(matches, { timeout: oc.timeoutMs });
  } catch {
    const actual = oc.redactor.redactUrl(oc.page.url());
    const message = `Expected the page URL to match ${expected}, got ${actual} (waited ${formatDuration(oc.timeoutMs)}).`;
    throw new UiFailure({
      code: 'REHEARSE_UI_EXPECTATION_FAILED',
      message,
      hint: 'A glob that starts with / is matched against the path: * within a segment, ** across segments.',
      check: { path: 'url', matcher: 'ui.url', expected, actual, passed: false, message },
    });
  }
}
