import type { Page } from '@playwright/test';
import type { ParamSpec } from '../../schema/action.js';
import { PAGE_OBJECT_MARK } from '../../schema/page-object.js';

/** The TypeScript type a parameter spec stands for (`{ type: 'integer' }` → `number`). */
export type ParamValue<S extends ParamSpec> = S['type'] extends 'string'
  ? string
  : S['type'] extends 'number' | 'integer'
    ? number
    : S['type'] extends 'boolean'
      ? boolean
      : S['type'] extends 'array'
        ? unknown[]
        : S['type'] extends 'object'
          ? Record<string, unknown>
          : unknown;

/** The `params` a method's `run` receives: required ones (or ones with a default) always present. */
export type ParamValues<P extends Record<string, ParamSpec>> = {
  [K in keyof P as P[K] extends { required: true } | { default: NonNullable<unknown> } ? K : never]: ParamValue<P[K]>;
} & {
  [K in keyof P as P[K] extends { required: true } | { default: NonNullable<unknown> } ? never : K]?: ParamValue<P[K]>;
};

/** What a page object method may return: data a scenario can `expect` and `save` (no Locator, no function). */
export type PageResult =
  string | number | boolean | null | undefined | void | readonly PageResult[] | { readonly [key: string]: PageResult };

/** A page object as `definePage` returns it (also what the loader registers). */
export interface PageObject<P extends Record<string, ParamSpec>, R extends PageResult> {
  readonly [PAGE_OBJECT_MARK]: true;
  /** What YAML calls it: dotted identifiers, e.g. `orderScreen.lines`. */
  name: string;
  description?: string;
  /** The parameters a `ui: { page: ..., with: }` step passes, checked by `rehearse validate`. */
  params?: P;
  /** Does the work with Playwright's `page`; throws (or a failing `expect`) to fail the step. */
  run: (page: Page, params: ParamValues<P>) => Promise<R> | R;
}

/**
 * Declares a page object: a screen too rich for declarative `ui:` steps, written in TypeScript
 * with Playwright's `Page` (as in Playwright's page object models), registered by `name` and
 * called from YAML as `ui: { page: <name>, with: { ... } }` in a run with the `ui` driver. Put
 * it in a module under the project's `pages/` folder and export it (default or named; a module
 * may export several, e.g. one per thing a screen does).
 *
 * Parameters are declared as actions declare them (`{ type, required?, default?, secret?,
 * description? }`): `rehearse validate` checks each call's `with:` (unknown, missing, a literal
 * of the wrong type) at file:line:col, and `run` receives them typed. The result is what the
 * step's `expect:` and `save:` read (paths, as on a `do:` step); it must be data. Whatever `run`
 * throws fails the step with the page's URL, an accessible snapshot and a screenshot. Each
 * Playwright wait inside it is bounded by the step's `timeout:` (the page's default timeout).
 *
 * @example
 * import { definePage } from 'rehearse/ui';
 * export const orderStatus = definePage({
 *   name: 'orderScreen.status',
 *   params: { number: { type: 'string', required: true } },
 *   async run(page, { number }) {
 *     await page.goto(`/orders/${number}`);
 *     return { status: (await page.getByTestId('order-status').innerText()).trim() };
 *   },
 * });
 */
export function definePage<const P extends Record<string, ParamSpec>, R extends PageResult>(definition: {
  name: string;
  description?: string;
  params?: P;
  run: (page: Page, params: ParamValues<P>) => Promise<R> | R;
}): PageObject<P, R> {
  return { ...definition, [PAGE_OBJECT_MARK]: true };
}

export type { ParamSpec };
