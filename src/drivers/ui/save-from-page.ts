import type { Locator } from '@playwright/test';
import { didYouMean } from '../../core/did-you-mean.js';
import { formatDuration } from '../../core/duration.js';
import { describeLocator } from '../../engine/ui-describe.js';
import type { UiLocator, UiSaveSource } from '../../schema/index.js';
import { buildLocator, textPattern } from './build-locator.js';
import type { OperationContext } from './perform-operation.js';
import { actionFailure } from './perform-operation.js';
import { UiFailure } from './ui-failure.js';

type CellSource = Extract<UiSaveSource, { cell: unknown }>['cell'];

/** A header or body cell of a row, in column order (`<th>` and `<td>` children of the `<tr>`). */
const CELLS =
  ':scope > th, :scope > td, :scope > [role="cell"], :scope > [role="columnheader"], :scope > [role="rowheader"], :scope > [role="gridcell"]';

/**
 * Reads each `save:` entry from the page, in order: `{ text }` a locator's inner text (trimmed),
 * `{ value }` an input's value, `{ urlParam }` a query parameter and `{ urlPath }` a named path
 * segment of the current URL (both waited for: a click may still be navigating), `{ cell }` the
 * text of a table cell found by its row (a filter or an index among the body rows) and its column
 * heading (the index of the header cell with that text). Throws `UiFailure` when a value is not
 * on the page within the step's time.
 */
export async function saveFromPage(
  save: Record<string, UiSaveSource>,
  oc: OperationContext,
): Promise<Record<string, unknown>> {
  const saved: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(save)) saved[name] = await readSource(name, source, oc);
  return saved;
}

async function readSource(name: string, source: UiSaveSource, oc: OperationContext): Promise<string> {
  const timeout = oc.timeoutMs;
  if ('text' in source)
    return read(oc, source.text, `read ${name} from`, async (l) => (await l.innerText({ timeout })).trim());
  if ('value' in source) return read(oc, source.value, `read ${name} from`, (l) => l.inputValue({ timeout }));
  if ('urlParam' in source) {
    const param = oc.render(source.urlParam);
    const url = await waitForUrl(
      oc,
      (u) => u.searchParams.has(param),
      () => `Failed to save ${name}: the page URL has no query parameter ${JSON.stringify(param)}`,
    );
    return url.searchParams.get(param) ?? '';
  }
  if ('urlPath' in source) {
    const pattern = oc.render(source.urlPath);
    const url = await waitForUrl(
      oc,
      (u) => pathSegment(u.pathname, pattern) !== undefined,
      () => `Failed to save ${name}: the page URL's path does not match ${pattern}`,
    );
    return pathSegment(url.pathname, pattern)!;
  }
  return readCell(name, source.cell, oc);
}

async function read(
  oc: OperationContext,
  locator: UiLocator,
  verb: string,
  run: (target: Locator) => Promise<string>,
): Promise<string> {
  const target = buildLocator(oc.page, locator, oc.render);
  try {
    return await run(target);
  } catch (error) {
    throw await actionFailure(error, target, locator, verb, oc);
  }
}

/** The value of the one `:name` segment of `pattern` in `path` (`*` matches any segment). */
export function pathSegment(path: string, pattern: string): string | undefined {
  const have = path.replace(/\/+$/, '').split('/');
  const want = pattern.replace(/\/+$/, '').split('/');
  if (have.length !== want.length) return undefined;
  let value: string | undefined;
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment.startsWith(':')) value = decodeURIComponent(have[i]!);
    else if (segment !== '*' && segment !== have[i]) return undefined;
  }
  return value;
}

async function waitForUrl(oc: OperationContext, test: (url: URL) => boolean, failure: () => string): Promise<URL> {
  try {
    await oc.page.waitForURL(test, { timeout: oc.timeoutMs, waitUntil: 'commit' });
  } catch {
    throw new UiFailure({
      code: 'REHEARSE_UI_SAVE_FAILED',
      message: `${failure()} (waited ${formatDuration(oc.timeoutMs)}; it is ${oc.redactor.redactUrl(oc.page.url())}).`,
      hint: 'Save from the URL after the step that navigates there; expectUrl first makes the wait explicit.',
    });
  }
  return new URL(oc.page.url());
}

/** A table cell: the header row gives the column's index, the row filter (or index) the row. */
async function readCell(name: string, cell: CellSource, oc: OperationContext): Promise<string> {
  const { page, render, timeoutMs: timeout } = oc;
  const table = buildLocator(page, cell.table, render);
  const tableName = describeLocator(cell.table, render);
  try {
    await table.first().waitFor({ timeout });
  } catch (error) {
    throw await actionFailure(error, table, cell.table, `read ${name} from`, oc);
  }
  const column =
    typeof cell.column === 'number'
      ? cell.column
      : await columnIndex(name, table, render(cell.column), tableName, cell.table);
  // Body rows: every row that is not a header row.
  let rows = table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') });
  let rowShown: string;
  if (typeof cell.row === 'number') {
    rows = rows.nth(cell.row);
    rowShown = `row ${cell.row}`;
  } else {
    const filter = cell.row;
    rows = rows.filter({
      ...(filter.hasText !== undefined ? { hasText: textPattern(filter.hasText, render) } : {}),
      ...(filter.hasNotText !== undefined ? { hasNotText: textPattern(filter.hasNotText, render) } : {}),
      ...(filter.has !== undefined ? { has: buildLocator(page, filter.has, render) } : {}),
      ...(filter.hasNot !== undefined ? { hasNot: buildLocator(page, filter.hasNot, render) } : {}),
    });
    rowShown = `a row ${describeLocator({ css: 'tr', filter }, render).replace(/^css="tr" /, '')}`;
  }
  const target = rows.locator(CELLS).nth(column);
  try {
    return (await target.innerText({ timeout })).trim();
  } catch {
    const count = await rows.count().catch(() => 0);
    throw new UiFailure({
      code: count === 0 ? 'REHEARSE_UI_NOT_FOUND' : count > 1 ? 'REHEARSE_UI_AMBIGUOUS' : 'REHEARSE_UI_SAVE_FAILED',
      message:
        count === 0
          ? `Failed to save ${name}: ${tableName} has no ${rowShown} (waited ${formatDuration(timeout)}).`
          : count > 1
            ? `Failed to save ${name}: ${count} rows of ${tableName} match ${rowShown}; the cell must be in one.`
            : `Failed to save ${name}: ${rowShown} of ${tableName} has no cell in column ${column}.`,
      hint:
        count > 1
          ? 'Narrow the row: hasText with the whole key (an order number), or a row index.'
          : 'The snapshot below shows the table as it was.',
      locator: { css: 'tr', within: cell.table },
    });
  }
}

async function columnIndex(
  name: string,
  table: Locator,
  heading: string,
  tableName: string,
  tableLocator: UiLocator,
): Promise<number> {
  const header = table
    .getByRole('row')
    .filter({ has: table.page().getByRole('columnheader') })
    .first();
  // The DOM's text, not the rendered one: a heading styled in capitals is still "Status".
  const texts = (await header.locator(CELLS).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  const index = texts.findIndex((t) => t.toLowerCase() === heading.toLowerCase());
  if (index >= 0) return index;
  const close = didYouMean(heading, texts.filter(Boolean));
  throw new UiFailure({
    code: 'REHEARSE_UI_NO_SUCH_COLUMN',
    message: `Failed to save ${name}: ${tableName} has no column ${JSON.stringify(heading)}; its headings are ${texts.map((t) => JSON.stringify(t)).join(', ') || '(none)'}.`,
    hint: close
      ? `Did you mean column: ${close}?`
      : 'Name the column by its heading text, or give its index (column: 0).',
    locator: tableLocator,
  });
}
