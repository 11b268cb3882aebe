import { suggestionHint } from '../core/did-you-mean.js';
import { validateWithSchema } from '../core/schema-validate.js';
import { ARIA_ROLES, LOCATOR_BASE_KEYS, SHALLOW_LOCATOR_SCHEMA } from '../schema/index.js';
import { isDynamic, report, type CheckContext, type Segment } from './check-context.js';

const KNOWN_KEYS = new Set(Object.keys(SHALLOW_LOCATOR_SCHEMA.properties));

const EXAMPLE = '{ role: button, name: Allocate }, { label: Customer }, { text: Backordered }';

/**
 * Checks one locator of a `ui` step and the locators inside it (`within`, `filter.has`,
 * `filter.hasNot`), each level against its schema (unknown keys with a did-you-mean: `lable` →
 * `label`), then what is cheap and certain before the run: exactly one base key (role, label,
 * text, placeholder, testId, css) — `REHEARSE_INVALID_LOCATOR`; `name` and `level` only with `role`;
 * at most one of nth/first/last; a literal role is one Playwright's `getByRole` accepts
 * (`REHEARSE_UNKNOWN_ROLE`); a literal `{ matches }` is a valid regular expression
 * (`REHEARSE_INVALID_REGEX`).
 */
export function checkLocator(value: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    report(ctx, path, {
      code: 'REHEARSE_WRONG_TYPE',
      message: `A locator is a mapping, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}.`,
      expected: `a locator such as ${EXAMPLE}`,
      hint: 'Write the locator as a mapping, e.g. { role: button, name: Allocate }.',
    });
    return;
  }
  const locator = value as Record<string, unknown>;
  if (!ctx.index.trusted)
    ctx.diagnostics.push(...validateWithSchema(SHALLOW_LOCATOR_SCHEMA, ctx.source, { basePath: path, value }));

  const bases = LOCATOR_BASE_KEYS.filter((key) => locator[key] !== undefined);
  // With no base key, a misspelt one (`lable`) or a stray `name` is the cause, and is reported as such.
  const explained =
    bases.length === 0 &&
    (locator.name !== undefined || locator.level !== undefined || Object.keys(locator).some((k) => !KNOWN_KEYS.has(k)));
  if (bases.length !== 1 && !explained) {
    report(
      ctx,
      bases.length ? [...path, bases[1]!] : path,
      {
        code: 'REHEARSE_INVALID_LOCATOR',
        message: bases.length
          ? `A locator finds elements one way, but this one has ${bases.map((b) => `"${b}"`).join(' and ')}.`
          : 'The locator does not say how to find the element.',
        expected: `exactly one of ${LOCATOR_BASE_KEYS.join(', ')}`,
        hint: bases.length
          ? `Keep one; to look inside another element, nest it: { ${bases[1]}: ..., within: { ${bases[0]}: ... } }.`
          : `Add one of ${LOCATOR_BASE_KEYS.join(', ')}, e.g. ${EXAMPLE}.`,
      },
      { key: bases.length > 1 },
    );
  }
  for (const key of ['name', 'level'] as const) {
    if (locator[key] === undefined || locator.role !== undefined) continue;
    report(
      ctx,
      [...path, key],
      {
        code: 'REHEARSE_INVALID_LOCATOR',
        message: `"${key}" refines a role locator, but this locator has no "role".`,
        expected: `${key}: beside role:, e.g. { role: ${key === 'level' ? 'heading, level: 1' : 'button, name: Allocate'} }`,
        hint:
          key === 'name'
            ? 'Add the role (button, link, textbox, ...), or find it by its text with { text: ... }.'
            : 'Add role: heading.',
      },
      { key: true },
    );
  }
  const picks = ['nth', 'first', 'last'].filter((key) => locator[key] !== undefined);
  if (picks.length > 1)
    report(
      ctx,
      [...path, picks[1]!],
      {
        code: 'REHEARSE_INVALID_LOCATOR',
        message: `A locator picks one match one way, but this one has ${picks.map((p) => `"${p}"`).join(' and ')}.`,
        expected: 'at most one of nth, first, last',
        hint: 'Keep one: nth: 0 is the first match.',
      },
      { key: true },
    );
  checkRole(locator.role, [...path, 'role'], ctx);
  checkPattern(locator.name, [...path, 'name'], ctx);
  checkPattern(locator.text, [...path, 'text'], ctx);
  if (locator.within !== undefined) checkLocator(locator.within, [...path, 'within'], ctx);
  const filter = locator.filter;
  if (filter && typeof filter === 'object' && !Array.isArray(filter))
    checkFilter(filter as Record<string, unknown>, [...path, 'filter'], ctx);
}

/** A row filter or a locator's `filter`: its texts and the locators inside it. */
export function checkFilter(filter: Record<string, unknown>, path: readonly Segment[], ctx: CheckContext): void {
  checkPattern(filter.hasText, [...path, 'hasText'], ctx);
  checkPattern(filter.hasNotText, [...path, 'hasNotText'], ctx);
  for (const key of ['has', 'hasNot'] as const)
    if (filter[key] !== undefined) checkLocator(filter[key], [...path, key], ctx);
}

function checkRole(role: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (typeof role !== 'string' || isDynamic(role) || (ARIA_ROLES as readonly string[]).includes(role)) return;
  report(ctx, path, {
    code: 'REHEARSE_UNKNOWN_ROLE',
    message: `Unknown ARIA role "${role}".`,
    expected: 'an ARIA role Playwright finds by (getByRole): button, link, textbox, combobox, row, cell, heading, ...',
    hint: suggestionHint(role, ARIA_ROLES, 'role'),
  });
}

/** `{ matches: regex, flags }` with no `{{ }}` must compile, as JavaScript's RegExp reads it. */
export function checkPattern(value: unknown, path: readonly Segment[], ctx: CheckContext): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const { matches, flags } = value as { matches?: unknown; flags?: unknown };
  if (typeof matches !== 'string' || isDynamic(matches)) return;
  try {
    new RegExp(matches, typeof flags === 'string' ? flags : undefined);
  } catch (error) {
    report(ctx, [...path, 'matches'], {
      code: 'REHEARSE_INVALID_REGEX',
      message: `Failed to read the regular expression ${JSON.stringify(matches)}: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}.`,
      expected: 'a JavaScript regular expression, e.g. ^SO-\\d+$',
      hint: "Escape special characters with a backslash (in YAML, inside single quotes: '\\(').",
    });
  }
}
