import { cachedTemplate, isTemplate, referencedNames } from '../expression/index.js';
import type { TextPatternValue, UiLocator, UiOperation } from '../schema/index.js';
import { REDACTED } from '../core/redactor.js';
import type { StepContext } from './context.js';
import { tryRenderText } from './evaluate.js';

type Render = (text: string) => string;

const quote = (text: string) => JSON.stringify(text);

function pattern(value: TextPatternValue, render: Render): string {
  if (typeof value === 'string') return quote(render(value));
  return `/${render(value.matches)}/${value.flags ?? ''}`;
}

/**
 * A locator in the YAML's own terms, for failure messages: `role=button name="Allocate"`,
 * `label="Customer" exact`, `role=row filter(hasText="SO-1001") nth=0`; a `within` comes first,
 * joined with ` >> ` as Playwright chains locators. `render` fills in `{{ }}`.
 *
 * @example
 * describeLocator({ role: 'button', name: 'Alocate' }, (s) => s) // 'role=button name="Alocate"'
 */
export function describeLocator(locator: UiLocator, render: Render): string {
  const parts: string[] = [];
  if (locator.role !== undefined) {
    parts.push(`role=${render(locator.role)}`);
    if (locator.name !== undefined) parts.push(`name=${pattern(locator.name, render)}`);
    if (locator.level !== undefined) parts.push(`level=${locator.level}`);
  }
  if (locator.label !== undefined) parts.push(`label=${quote(render(locator.label))}`);
  if (locator.text !== undefined) parts.push(`text=${pattern(locator.text, render)}`);
  if (locator.placeholder !== undefined) parts.push(`placeholder=${quote(render(locator.placeholder))}`);
  if (locator.testId !== undefined) parts.push(`testId=${quote(render(locator.testId))}`);
  if (locator.css !== undefined) parts.push(`css=${quote(render(locator.css))}`);
  if (locator.exact) parts.push('exact');
  const filter = locator.filter;
  if (filter) {
    const inner: string[] = [];
    if (filter.hasText !== undefined) inner.push(`hasText=${pattern(filter.hasText, render)}`);
    if (filter.hasNotText !== undefined) inner.push(`hasNotText=${pattern(filter.hasNotText, render)}`);
    if (filter.has !== undefined) inner.push(`has=(${describeLocator(filter.has, render)})`);
    if (filter.hasNot !== undefined) inner.push(`hasNot=(${describeLocator(filter.hasNot, render)})`);
    parts.push(`filter(${inner.join(' ')})`);
  }
  if (locator.nth !== undefined) parts.push(`nth=${locator.nth}`);
  if (locator.first) parts.push('first');
  if (locator.last) parts.push('last');
  const own = parts.join(' ');
  return locator.within ? `${describeLocator(locator.within, render)} >> ${own}` : own;
}

/**
 * A locator as a step title says it: `button "Allocate"`, `label "Customer"`, `row "SO-1001"`
 * (its filter text), `text "Backordered"`, with ` in table "Sales orders"` for a `within`.
 */
export function locatorTitle(locator: UiLocator, render: Render): string {
  let own: string;
  if (locator.role !== undefined) {
    const named = locator.name ?? locator.filter?.hasText;
    own = `${render(locator.role)}${named !== undefined ? ` ${pattern(named, render)}` : ''}`;
  } else if (locator.label !== undefined) own = `label ${quote(render(locator.label))}`;
  else if (locator.text !== undefined) own = `text ${pattern(locator.text, render)}`;
  else if (locator.placeholder !== undefined) own = `placeholder ${quote(render(locator.placeholder))}`;
  else if (locator.testId !== undefined) own = `testId ${quote(render(locator.testId))}`;
  else own = `css ${quote(render(locator.css ?? ''))}`;
  if (locator.nth !== undefined) own += ` #${locator.nth}`;
  else if (locator.first) own += ' (first)';
  else if (locator.last) own += ' (last)';
  return locator.within ? `${own} in ${locatorTitle(locator.within, render)}` : own;
}

/**
 * Whether the value a `fill` types must be hidden: it reads a secret variable (a parameter
 * declared `secret: true`, a name in `secrets:`, one saved from a sensitive field), it renders to
 * a registered secret, or the field is named like a credential (`label: Password`).
 */
export function isSecretInput(template: unknown, locator: UiLocator, ctx: StepContext, rendered?: unknown): boolean {
  const { redactor } = ctx.engine;
  if (rendered !== undefined && redactor.isSecret(rendered)) return true;
  if (typeof template === 'string' && isTemplate(template)) {
    try {
      if (referencedNames(cachedTemplate(template)).some((ref) => redactor.isSecretVariable(ref.name))) return true;
    } catch {
      // A template that does not parse fails when the step runs; the title shows it as written.
    }
  }
  for (let level: UiLocator | undefined = locator; level; level = level.within) {
    for (const name of [
      level.label,
      level.placeholder,
      level.testId,
      typeof level.name === 'string' ? level.name : undefined,
    ])
      if (name !== undefined && redactor.isSensitiveField(name.replace(/\s+/g, ''))) return true;
  }
  return false;
}

/**
 * The readable title of a `ui` step: `click button "Allocate"`, `fill label "Quantity" with "2"`,
 * `expect status text "Order allocated"`, `goto /orders/new`, `save orderNumber, status`. A typed
 * value that is secret (see `isSecretInput`) shows as `[REDACTED]`.
 */
export function uiStepTitle(operation: UiOperation, ctx: StepContext): string {
  const render: Render = (text) => tryRenderText(text, ctx);
  const op = operation;
  const loc = (value: unknown) => locatorTitle(value as UiLocator, render);
  const shown = (value: unknown) => (typeof value === 'string' ? quote(render(value)) : JSON.stringify(value));
  const wait = 'waitForResponse' in op && op.waitForResponse ? waitTitle(op.waitForResponse, render) : '';
  if ('page' in op) return `page ${op.page}`;
  if ('goto' in op) return `goto ${render(op.goto)}${wait}`;
  if ('click' in op) return `click ${loc(op.click)}${wait}`;
  if ('fill' in op) {
    const secret = isSecretInput(op.value, op.fill as UiLocator, ctx);
    return `fill ${loc(op.fill)} with ${secret ? REDACTED : shown(op.value)}${wait}`;
  }
  if ('select' in op) {
    const options = Array.isArray(op.option) ? op.option.map(shown).join(', ') : shown(op.option);
    return `select ${options} in ${loc(op.select)}${wait}`;
  }
  if ('check' in op) return `check ${loc(op.check)}${wait}`;
  if ('uncheck' in op) return `uncheck ${loc(op.uncheck)}${wait}`;
  if ('press' in op) return `press ${render(op.key)} in ${loc(op.press)}${wait}`;
  if ('upload' in op) {
    const files = Array.isArray(op.files) ? op.files : [op.files];
    return `upload ${files.map(render).join(', ')} to ${loc(op.upload)}${wait}`;
  }
  if ('expect' in op) return `expect ${loc(op.expect)} ${expectationTitle(op, render)}`;
  if ('expectUrl' in op)
    return `expect URL ${typeof op.expectUrl === 'string' ? render(op.expectUrl) : pattern(op.expectUrl, render)}`;
  if ('screenshot' in op) return `screenshot ${render(op.screenshot)}`;
  if ('save' in op) return `save ${Object.keys(op.save).join(', ')} from the page`;
  return 'ui';
}

function expectationTitle(op: Extract<UiOperation, { expect: unknown }>, render: Render): string {
  const parts: string[] = [];
  if (op.text !== undefined) {
    const text = op.text;
    if (typeof text === 'string') parts.push(`has text ${quote(render(text))}`);
    else if ('equals' in text) parts.push(`text is ${quote(render(text.equals))}`);
    else parts.push(`text matches /${render(text.matches)}/${text.flags ?? ''}`);
  }
  if (op.value !== undefined)
    parts.push(
      typeof op.value === 'object'
        ? `value matches /${render(op.value.matches)}/${op.value.flags ?? ''}`
        : `value is ${quote(render(String(op.value)))}`,
    );
  if (op.count !== undefined) parts.push(`count is ${op.count}`);
  if (op.enabled !== undefined) parts.push(op.enabled ? 'is enabled' : 'is disabled');
  if (op.hidden === true || op.visible === false) parts.push('is hidden');
  else if (op.visible === true || parts.length === 0) parts.push('is visible');
  return parts.join(', ');
}

function waitTitle(
  wait: { url: string | { matches: string }; status?: number; method?: string },
  render: Render,
): string {
  const url = typeof wait.url === 'string' ? render(wait.url) : `/${render(wait.url.matches)}/`;
  return ` (waits for ${wait.method ? `${wait.method} ` : ''}${url}${wait.status !== undefined ? ` ${wait.status}` : ''})`;
}
