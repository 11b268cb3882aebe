import type { Locator, Page } from '@playwright/test';
import type { AriaRole, TextPatternValue, UiLocator } from '../../schema/index.js';

/** Renders `{{ }}` in one string of a locator (the engine's evaluator, bound to the step). */
export type RenderText = (text: string) => string;

/** A text to find as Playwright takes it: a string, or a RegExp for `{ matches, flags }`. */
export function textPattern(value: TextPatternValue, render: RenderText): string | RegExp {
  return typeof value === 'string' ? render(value) : new RegExp(render(value.matches), value.flags);
}

/**
 * A `ui:` locator as a Playwright `Locator`: `role` → `getByRole(role, { name, exact, level })`,
 * `label` → `getByLabel`, `text` → `getByText`, `placeholder` → `getByPlaceholder`, `testId` →
 * `getByTestId`, `css` → `locator(css)`; `within` is looked up first and the locator chained
 * inside it; then `filter({ hasText, hasNotText, has, hasNot })` and `nth`/`first`/`last`, in
 * Playwright's order (https://playwright.dev/docs/locators). The loader checked the shape.
 */
export function buildLocator(page: Page, locator: UiLocator, render: RenderText): Locator {
  const scope: Page | Locator = locator.within ? buildLocator(page, locator.within, render) : page;
  const exact = locator.exact === true ? { exact: true } : {};
  let found: Locator;
  if (locator.role !== undefined)
    found = scope.getByRole(render(locator.role) as AriaRole, {
      ...exact,
      ...(locator.name !== undefined ? { name: textPattern(locator.name, render) } : {}),
      ...(locator.level !== undefined ? { level: locator.level } : {}),
    });
  else if (locator.label !== undefined) found = scope.getByLabel(render(locator.label), exact);
  else if (locator.text !== undefined) found = scope.getByText(textPattern(locator.text, render), exact);
  else if (locator.placeholder !== undefined) found = scope.getByPlaceholder(render(locator.placeholder), exact);
  else if (locator.testId !== undefined) found = scope.getByTestId(render(locator.testId));
  else found = scope.locator(render(locator.css ?? ''));
  const filter = locator.filter;
  if (filter)
    found = found.filter({
      ...(filter.hasText !== undefined ? { hasText: textPattern(filter.hasText, render) } : {}),
      ...(filter.hasNotText !== undefined ? { hasNotText: textPattern(filter.hasNotText, render) } : {}),
      // Inner locators are relative to the element being filtered (Playwright's rule for `has`).
      ...(filter.has !== undefined ? { has: buildLocator(page, filter.has, render) } : {}),
      ...(filter.hasNot !== undefined ? { hasNot: buildLocator(page, filter.hasNot, render) } : {}),
    });
  if (locator.nth !== undefined) return found.nth(locator.nth);
  if (locator.first) return found.first();
  if (locator.last) return found.last();
  return found;
}
