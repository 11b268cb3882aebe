import { Type, type Static, type TSchema } from '../core/typebox.js';
import { ExpectSpec, Identifier, NamedRecord, SaveSpec } from './common.js';
import { Matches, TextPattern, UiLocatorSchema } from './ui-locator.js';

/** `{ url: '**\/orders/*\/ship', status: 303 }`: the response an action waits for (armed before it). */
export const WaitForResponse = Type.Object(
  {
    url: Type.Union([Type.String({ description: 'a URL glob: * within a segment, ** across them' }), Matches], {
      description: 'a URL glob (** across segments) or { matches: regex }',
    }),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, description: 'the status it must have' })),
    method: Type.Optional(Type.String({ description: 'its method, e.g. POST' })),
  },
  { additionalProperties: false, description: 'wait for a response to this URL, armed before the action' },
);

/** Where an expected text or URL stands: a substring, `{ matches: regex }` or `{ equals: exact }`. */
const TextExpectation = Type.Union(
  [
    Type.String({ description: 'a substring of the text' }),
    Matches,
    Type.Object({ equals: Type.String() }, { additionalProperties: false, description: '{ equals: the whole text }' }),
  ],
  { description: 'a substring, { matches: regex } or { equals: the whole text }' },
);

const Value = Type.Union([Type.String(), Type.Number()], { description: 'a text (or a number, typed as text)' });

/**
 * The sources of `save:` (one key each): a locator's inner text (trimmed) or input value, a
 * query parameter or a named path segment of the current URL, or a table cell by row and column
 * heading. `locator` is the locator schema in them (see `locatorSchema`).
 */
export function uiSaveSources<L extends TSchema>(locator: L) {
  const object = <P extends Record<string, TSchema>>(properties: P, description: string) =>
    Type.Object(properties, { additionalProperties: false, description });
  return {
    text: object({ text: locator }, "{ text: <locator> }: the element's inner text, trimmed"),
    value: object({ value: locator }, "{ value: <locator> }: an input's, select's or textarea's value"),
    urlParam: object(
      { urlParam: Type.String({ description: 'a query parameter name' }) },
      '{ urlParam: name }: a query parameter of the current URL',
    ),
    urlPath: object(
      { urlPath: Type.String({ description: 'a path pattern with :names, e.g. /orders/:number' }) },
      "{ urlPath: '/orders/:number' }: the named segment of the current URL's path (one :name)",
    ),
    cell: object(
      {
        cell: object(
          {
            table: locator,
            row: Type.Union(
              [
                Type.Integer({ minimum: 0, description: 'the row index among the body rows, from 0' }),
                Type.Object(
                  {
                    hasText: Type.Optional(TextPattern),
                    hasNotText: Type.Optional(TextPattern),
                    has: Type.Optional(locator),
                    hasNot: Type.Optional(locator),
                  },
                  { additionalProperties: false, description: 'a filter: the one row that has (not) this text' },
                ),
              ],
              { description: 'the row: an index among body rows (from 0) or a filter such as { hasText: SO-1001 }' },
            ),
            column: Type.Union([
              Type.String({ description: 'the column heading (whole text, case-insensitive)' }),
              Type.Integer({ minimum: 0, description: 'the column index, from 0' }),
            ]),
          },
          'a table cell by row and column heading',
        ),
      },
      '{ cell: { table, row, column } }: the text of a table cell, trimmed',
    ),
  };
}

export const UI_SAVE_SOURCE_NAMES = ['text', 'value', 'urlParam', 'urlPath', 'cell'] as const;
export type UiSaveSourceName = (typeof UI_SAVE_SOURCE_NAMES)[number];

/**
 * The operations of a `ui:` step, one per step, each an object keyed by its operation.
 * `locator` is the locator schema in them, `saveSource` the schema of one `save:` entry
 * (recursive and exact for editors; anything for the loader, which checks each part on its own).
 */
export function uiOperations<L extends TSchema, S extends TSchema>(locator: L, saveSource: S) {
  const object = <P extends Record<string, TSchema>>(properties: P, description: string) =>
    Type.Object(properties, { additionalProperties: false, description });
  const wait = { waitForResponse: Type.Optional(WaitForResponse) };
  return {
    goto: object(
      {
        goto: Type.String({ description: "a path relative to the environment's uiUrl (else baseUrl), or a URL" }),
        ...wait,
      },
      'goto: open a page',
    ),
    click: object({ click: locator, ...wait }, 'click: click an element'),
    fill: object({ fill: locator, value: Value, ...wait }, 'fill: type a value into a field (replacing its text)'),
    select: object(
      {
        select: locator,
        option: Type.Union([Value, Type.Array(Value, { minItems: 1 })], {
          description: "the option's value or label (a list for a multiple select)",
        }),
        ...wait,
      },
      'select: choose option(s) of a <select>',
    ),
    check: object({ check: locator, ...wait }, 'check: tick a checkbox or choose a radio button'),
    uncheck: object({ uncheck: locator, ...wait }, 'uncheck: clear a checkbox'),
    press: object(
      {
        press: locator,
        key: Type.String({ description: 'a key as Playwright names it: Enter, Tab, Escape, Control+A, ...' }),
        ...wait,
      },
      'press: press a key in an element',
    ),
    upload: object(
      {
        upload: locator,
        files: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })], {
          description: 'project-relative file path(s)',
        }),
        ...wait,
      },
      'upload: set the files of a file input',
    ),
    expect: object(
      {
        expect: locator,
        text: Type.Optional(TextExpectation),
        value: Type.Optional(Type.Union([Value, Matches], { description: 'the whole value, or { matches: regex }' })),
        count: Type.Optional(Type.Integer({ minimum: 0, description: 'how many elements match' })),
        enabled: Type.Optional(Type.Boolean({ description: 'enabled (true) or disabled (false)' })),
        visible: Type.Optional(Type.Boolean({ description: 'visible (true, the default) or not (false)' })),
        hidden: Type.Optional(Type.Boolean({ description: 'hidden or absent (true)' })),
      },
      'expect: assert on an element, retried until it holds or the step times out (visible when nothing else is asked)',
    ),
    expectUrl: object(
      {
        expectUrl: Type.Union(
          [
            Type.String({ description: 'a glob on the path (* within a segment, ** across), or on a full URL' }),
            Matches,
          ],
          { description: 'a glob on the path, or { matches: regex } on the whole URL' },
        ),
      },
      "expectUrl: the page's URL, retried until it matches or the step times out",
    ),
    screenshot: object(
      {
        screenshot: Type.String({ description: 'the name of the screenshot in the report' }),
        fullPage: Type.Optional(Type.Boolean({ description: 'the whole scrollable page (default: the viewport)' })),
      },
      'screenshot: attach a PNG of the page to the step',
    ),
    save: object(
      { save: NamedRecord(Identifier, saveSource, { description: 'variable name mapped to where its value is read' }) },
      'save: read values from the page into variables',
    ),
    page: object(
      {
        page: Type.String({
          pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$',
          description: 'the name of a page object (definePage) from a module under pages/',
          examples: ['orderScreen.lines'],
        }),
        with: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "the method's parameters" })),
        expect: Type.Optional(ExpectSpec),
        save: Type.Optional(SaveSpec),
      },
      "page: call a page object's method (TypeScript, pages/*.ts) with the page; expect and save read its result",
    ),
  };
}

export type UiOperationName = keyof ReturnType<typeof uiOperations<TSchema, TSchema>>;

const SaveSources = uiSaveSources(UiLocatorSchema);
const UiSaveSource = Type.Union(Object.values(SaveSources), {
  description: 'one of { text }, { value }, { urlParam }, { urlPath }, { cell }',
});
const OPERATIONS = uiOperations(UiLocatorSchema, UiSaveSource);

/** The value of a `ui:` key, for editors and TypeScript: one operation. */
export const UiOperationSchema = Type.Union(Object.values(OPERATIONS), {
  description:
    'one UI operation: goto, click, fill, select, check, uncheck, press, upload, expect, expectUrl, screenshot, save or page',
});

export const UI_OPERATION_NAMES = Object.keys(OPERATIONS) as UiOperationName[];

/** Per-operation schemas for the loader: locators and save sources are checked one at a time. */
export const SHALLOW_UI_OPERATION_SCHEMAS: Readonly<Record<UiOperationName, TSchema>> = uiOperations(
  Type.Unknown(),
  Type.Unknown(),
);

/** Per-source schemas of `save:` for the loader (locators inside checked on their own). */
export const SHALLOW_UI_SAVE_SOURCE_SCHEMAS: Readonly<Record<UiSaveSourceName, TSchema>> = uiSaveSources(
  Type.Unknown(),
);

/** Operations that act on the page and may wait for a response (`waitForResponse`). */
export const UI_ACTING_OPERATIONS: ReadonlySet<UiOperationName> = new Set([
  'goto',
  'click',
  'fill',
  'select',
  'check',
  'uncheck',
  'press',
  'upload',
]);

export type UiOperation = Static<typeof UiOperationSchema>;
export type UiSaveSource = Static<typeof UiSaveSource>;
export type UiWaitForResponse = Static<typeof WaitForResponse>;
export type UiTextExpectation = Static<typeof TextExpectation>;
