import { Type, type Static, type TSchema } from '../core/typebox.js';

/**
 * The ARIA roles Playwright's `getByRole` accepts (its `role` parameter, Playwright 1.65,
 * after WAI-ARIA 1.2 and HTML-AAM). The loader refuses any other literal role.
 */
export const ARIA_ROLES = [
  'alert',
  'alertdialog',
  'application',
  'article',
  'banner',
  'blockquote',
  'button',
  'caption',
  'cell',
  'checkbox',
  'code',
  'columnheader',
  'combobox',
  'complementary',
  'contentinfo',
  'definition',
  'deletion',
  'dialog',
  'directory',
  'document',
  'emphasis',
  'feed',
  'figure',
  'form',
  'generic',
  'grid',
  'gridcell',
  'group',
  'heading',
  'img',
  'insertion',
  'link',
  'list',
  'listbox',
  'listitem',
  'log',
  'main',
  'marquee',
  'math',
  'meter',
  'menu',
  'menubar',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'navigation',
  'none',
  'note',
  'option',
  'paragraph',
  'presentation',
  'progressbar',
  'radio',
  'radiogroup',
  'region',
  'row',
  'rowgroup',
  'rowheader',
  'scrollbar',
  'search',
  'searchbox',
  'separator',
  'slider',
  'spinbutton',
  'status',
  'strong',
  'subscript',
  'superscript',
  'switch',
  'tab',
  'table',
  'tablist',
  'tabpanel',
  'term',
  'textbox',
  'time',
  'timer',
  'toolbar',
  'tooltip',
  'tree',
  'treegrid',
  'treeitem',
] as const;

export type AriaRole = (typeof ARIA_ROLES)[number];

/** The keys that pick elements; a locator has exactly one of them (the others refine it). */
export const LOCATOR_BASE_KEYS = ['role', 'label', 'text', 'placeholder', 'testId', 'css'] as const;
export type LocatorBaseKey = (typeof LOCATOR_BASE_KEYS)[number];

/** `{ matches: '^SO-\d+$' }`: a JavaScript regular expression (flags: i, m, s, u). */
export const Matches = Type.Object(
  {
    matches: Type.String({ description: 'a JavaScript regular expression, e.g. ^SO-\\d+$' }),
    flags: Type.Optional(Type.String({ pattern: '^[imsu]*$', description: 'regular expression flags: i, m, s, u' })),
  },
  { additionalProperties: false, description: '{ matches: regex } (flags: i, m, s, u)' },
);

/** Text to find: a string (substring, case-insensitive unless `exact: true`) or `{ matches: regex }`. */
export const TextPattern = Type.Union(
  [Type.String({ description: 'text, matched as a case-insensitive substring unless exact: true' }), Matches],
  { description: 'text (a case-insensitive substring unless exact: true) or { matches: regex }' },
);

/**
 * One locator level, in Playwright's terms: `role` (+ `name`, `level`) → `getByRole`, `label` →
 * `getByLabel`, `text` → `getByText`, `placeholder`, `testId`, `css` → `locator(css)`; then
 * `filter`, `within` (chained: looked up inside that locator) and one of `nth`/`first`/`last`.
 * `nested` is the schema of the locators inside it (`within`, `filter.has`, `filter.hasNot`): the
 * recursive locator for editors, anything for the loader (which checks each level on its own).
 */
export function locatorSchema<N extends TSchema>(nested: N) {
  const text = (description: string) => Type.Optional(Type.String({ description }));
  return Type.Object(
    {
      role: Type.Optional(
        Type.String({ description: 'an ARIA role (getByRole), e.g. button, link, row', examples: [...ARIA_ROLES] }),
      ),
      name: Type.Optional(TextPattern),
      level: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, description: 'heading level, with role: heading' })),
      label: text('the text of its label (getByLabel)'),
      text: Type.Optional(TextPattern),
      placeholder: text('its placeholder (getByPlaceholder)'),
      testId: text('its data-testid (getByTestId)'),
      css: text('a CSS selector: the escape hatch when nothing accessible names the element'),
      exact: Type.Optional(
        Type.Boolean({ description: 'match name, label, text or placeholder whole and case-sensitively' }),
      ),
      nth: Type.Optional(Type.Integer({ minimum: 0, description: 'the nth match, counted from 0' })),
      first: Type.Optional(Type.Boolean({ description: 'the first match' })),
      last: Type.Optional(Type.Boolean({ description: 'the last match' })),
      filter: Type.Optional(
        Type.Object(
          {
            hasText: Type.Optional(TextPattern),
            hasNotText: Type.Optional(TextPattern),
            has: Type.Optional(nested),
            hasNot: Type.Optional(nested),
          },
          { additionalProperties: false, description: 'keep matches that have (not) this text or element' },
        ),
      ),
      within: Type.Optional(nested),
    },
    {
      additionalProperties: false,
      description:
        'a locator: one of role (with name), label, text, placeholder, testId or css, refined by exact, filter, within, nth/first/last',
    },
  );
}

/** The recursive locator of the editor schema and of TypeScript. */
export const UiLocatorSchema = Type.Recursive((This) => locatorSchema(This), { $id: 'UiLocator' });
export type UiLocator = Static<typeof UiLocatorSchema>;
export type TextPatternValue = Static<typeof TextPattern>;

/** One locator level for the loader: nested locators are checked one at a time. */
export const SHALLOW_LOCATOR_SCHEMA = locatorSchema(Type.Unknown());
