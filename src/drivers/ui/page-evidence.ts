import type { Locator, Page } from '@playwright/test';
import { didYouMean } from '../../core/did-you-mean.js';
import type { Redactor } from '../../core/redactor.js';
import type { UiLocator } from '../../schema/index.js';
import type { StepAttachment } from '../../engine/results.js';
import { describeLocator } from '../../engine/ui-describe.js';
import { buildLocator, type RenderText } from './build-locator.js';

/** At most this many lines of an accessible snapshot go into a message. */
const MAX_SNAPSHOT_LINES = 40;
/** And at most this many characters. */
const MAX_SNAPSHOT_CHARS = 3000;
/** Evidence is gathered after the step's own time ran out: it gets its own short budget, ms. */
const EVIDENCE_TIMEOUT_MS = 2000;

/** What the page showed when a step failed, already redacted. */
export interface PageEvidence {
  /** The page URL (user-info and secret values hidden). */
  url: string;
  /** What the snapshot is of: the nearest existing `within` of the locator, `main`, or `body`. */
  around: string;
  /** Playwright's accessible snapshot (YAML) of that element, trimmed to a readable size. */
  snapshot: string;
  /** `Did you mean name="Allocate"?` when the page has a close accessible name. */
  suggestion?: string;
}

/**
 * The page URL and an accessible snapshot around the spot a locator points at
 * (`Locator.ariaSnapshot()`, Playwright ≥ 1.49): the innermost `within` that exists on the page,
 * else the `main` landmark when there is exactly one, else `body` — and a did-you-mean against
 * the accessible names of the page for a locator whose name, label or text found nothing.
 * Never throws: what cannot be read is said as such.
 */
export async function pageEvidence(
  page: Page,
  locator: UiLocator | undefined,
  render: RenderText,
  redactor: Redactor,
): Promise<PageEvidence> {
  const url = redactor.redactUrl(page.url());
  let around = 'body';
  let scope: Locator = page.locator('body');
  try {
    const found = await nearestExisting(page, locator, render);
    if (found) ({ around, scope } = found);
    else if ((await page.getByRole('main').count()) === 1) {
      around = 'main';
      scope = page.getByRole('main');
    }
  } catch {
    // A closed page or a detached frame: the body is still the best guess.
  }
  const snapshot = await readSnapshot(scope);
  const whole = around === 'body' ? snapshot : await readSnapshot(page.locator('body'));
  const suggestion = locator ? suggest(locator, whole, render) : undefined;
  return {
    url,
    around,
    snapshot: redactor.redactText(trimSnapshot(snapshot)),
    ...(suggestion ? { suggestion: redactor.redactText(suggestion) } : {}),
  };
}

/** The evidence as the lines of a failure message. */
export function formatEvidence(evidence: PageEvidence): string {
  const indented = evidence.snapshot
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `\n  page: ${evidence.url}\n  accessible snapshot of ${evidence.around}:\n${indented}`;
}

/** A PNG of the page as a step attachment (base64), or none when the page cannot be captured. */
export async function screenshotAttachment(
  page: Page,
  name: string,
  when: StepAttachment['when'],
  options: { fullPage?: boolean; timeoutMs?: number } = {},
): Promise<StepAttachment | undefined> {
  try {
    const png = await page.screenshot({
      fullPage: options.fullPage === true,
      timeout: options.timeoutMs ?? EVIDENCE_TIMEOUT_MS,
      animations: 'disabled',
    });
    return { name, contentType: 'image/png', body: png.toString('base64'), encoding: 'base64', when };
  } catch {
    return undefined;
  }
}

async function nearestExisting(
  page: Page,
  locator: UiLocator | undefined,
  render: RenderText,
): Promise<{ around: string; scope: Locator } | undefined> {
  const chain: UiLocator[] = [];
  for (let level = locator?.within; level; level = level.within) chain.push(level);
  for (const level of chain) {
    const candidate = buildLocator(page, level, render);
    if ((await candidate.count()) > 0) return { around: describeLocator(level, render), scope: candidate.first() };
  }
  return undefined;
}

async function readSnapshot(scope: Locator): Promise<string> {
  try {
    return await scope.ariaSnapshot({ timeout: EVIDENCE_TIMEOUT_MS });
  } catch (error) {
    return `(no snapshot: ${(error as Error).message.split('\n')[0]})`;
  }
}

function trimSnapshot(snapshot: string): string {
  const lines = snapshot.split('\n');
  let kept = lines.slice(0, MAX_SNAPSHOT_LINES);
  while (kept.join('\n').length > MAX_SNAPSHOT_CHARS && kept.length > 1) kept = kept.slice(0, -1);
  const cut = lines.length - kept.length;
  return cut > 0 ? `${kept.join('\n')}\n… (${cut} more lines)` : kept.join('\n');
}

/** `- button "Allocate"` and `- textbox "Quantity": 2` lines of a snapshot: role and name. */
function accessibleNames(snapshot: string): Array<{ role: string; name: string }> {
  const out: Array<{ role: string; name: string }> = [];
  for (const match of snapshot.matchAll(/^\s*- (\w+) "((?:[^"\\]|\\.)*)"/gm))
    out.push({ role: match[1]!, name: match[2]!.replace(/\\(.)/g, '$1') });
  for (const match of snapshot.matchAll(/^\s*- (?:text|paragraph|cell|rowheader|columnheader): (.+)$/gm))
    out.push({ role: 'text', name: match[1]!.trim() });
  return out;
}

const LABELLED_ROLES = new Set([
  'textbox',
  'combobox',
  'checkbox',
  'radio',
  'spinbutton',
  'searchbox',
  'listbox',
  'slider',
]);

function suggest(locator: UiLocator, snapshot: string, render: RenderText): string | undefined {
  const target = locator;
  const names = accessibleNames(snapshot);
  const pick = (wanted: string, candidates: string[]) => {
    const unique = [...new Set(candidates)].filter((c) => c !== wanted);
    return didYouMean(wanted, unique);
  };
  if (target.role !== undefined && typeof target.name === 'string') {
    const role = render(target.role);
    const match = pick(
      render(target.name),
      names.filter((n) => n.role === role).map((n) => n.name),
    );
    if (match !== undefined)
      return `Did you mean name=${JSON.stringify(match)}? The page has ${role} ${JSON.stringify(match)}.`;
    const other = names.find((n) => n.name === render(target.name as string));
    if (other)
      return `The page has a ${other.role} named ${JSON.stringify(other.name)}: did you mean role=${other.role}?`;
  }
  if (target.label !== undefined) {
    const match = pick(
      render(target.label),
      names.filter((n) => LABELLED_ROLES.has(n.role)).map((n) => n.name),
    );
    if (match !== undefined) return `Did you mean label=${JSON.stringify(match)}? The page has a field labelled so.`;
  }
  if (typeof target.text === 'string') {
    const match = pick(
      render(target.text),
      names.map((n) => n.name),
    );
    if (match !== undefined) return `Did you mean text=${JSON.stringify(match)}? The page shows it.`;
  }
  return undefined;
}
