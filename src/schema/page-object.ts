import type { ParamSpec } from './action.js';

/**
 * The mark `definePage` (`rehearse/ui`) puts on a page object, so the loader knows an export of
 * a `pages/` module is one. A registry key (`Symbol.for`), not a module-local symbol: the user's
 * project and Rehearse's CLI may load two copies of the package, and both must recognise it.
 */
export const PAGE_OBJECT_MARK: unique symbol = Symbol.for('rehearse.pageObject') as never;

/** A page object's name: dotted identifiers, e.g. `orderScreen.lines` (what `ui: { page: }` says). */
/** The types a parameter may declare (an action's `params`, a page object's): `ParamType` in action.ts is built from these. */
export const PARAM_TYPE_NAMES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'any'] as const;

export const PAGE_OBJECT_NAME_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * A page object as the loader and the engine see it, without Playwright's types: its name, its
 * parameters (the spec actions use) and `run(page, params)`, which the ui driver calls with the
 * test's Playwright `Page`. The result must be data (see `docs/ui-steps.md`, "Page objects").
 */
export interface PageObjectShape {
  readonly [PAGE_OBJECT_MARK]: true;
  name: string;
  description?: string;
  params?: Record<string, ParamSpec>;
  run: (page: never, params: never) => unknown;
}

/** Whether a module's export is a page object made by `definePage`. */
export function isPageObject(value: unknown): value is PageObjectShape {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PAGE_OBJECT_MARK] === true;
}
