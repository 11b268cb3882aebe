import type { Redactor } from '../core/redactor.js';
import type { Project } from '../loader/project.js';

/** The parts of a step that are sent: where a secret written as a literal would travel. */
const SENT_KEYS = new Set(['json', 'form', 'headers', 'query', 'variables', 'body', 'with', 'auth']);
/** Parts that are compared, never sent: a value there is what is expected, not a credential. */
const COMPARED_KEYS = new Set(['expect', 'params', 'save']);
const MAX_DEPTH = 64;

/** What a project's files hold as written that must be masked: values, and URLs to learn from. */
interface WrittenSecrets {
  values: Set<string>;
  urls: Set<string>;
}

/**
 * Found once per project and set of sensitive names, then registered with each run's redactor:
 * walking every scenario, action and fragment per scenario run cost a load run (a scenario run per
 * iteration) a walk of the whole project per iteration.
 */
const found = new WeakMap<Project, Map<string, WrittenSecrets>>();

/**
 * Registers with `redactor` the secrets a project holds as written in its files, before any step
 * runs — so that anything that quotes the files (Playwright's code frames and step snippets, a
 * trace's sources) can be masked whole, including steps that have not run yet:
 * - the values of the variables a scenario declares `secrets:`;
 * - literal arguments (`with:`) of action and fragment parameters declared `secret: true`;
 * - values under a sensitive name (password, token, the project's `redact.fields`, …) in what a
 *   step sends (`json`, `form`, `headers`, `query`, `variables`, `body`, `with`, `auth`);
 * - user-info and sensitive query values of URLs written anywhere but in `expect`.
 * Values holding `{{ }}` are expressions, not secrets: their rendered values are learned when sent.
 */
export function learnWrittenSecrets(redactor: Redactor, project: Project): void {
  const key = redactor.sensitiveNamesKey();
  let byNames = found.get(project);
  if (!byNames) found.set(project, (byNames = new Map()));
  let secrets = byNames.get(key);
  if (!secrets) byNames.set(key, (secrets = findWrittenSecrets(project, (name) => redactor.isSensitiveField(name))));
  for (const value of secrets.values) redactor.addSecret(value);
  for (const url of secrets.urls) redactor.learnUrl(url);
}

function findWrittenSecrets(project: Project, isSensitiveField: (name: string) => boolean): WrittenSecrets {
  const secrets: WrittenSecrets = { values: new Set(), urls: new Set() };
  const addLiterals = (value: unknown, depth = 0): void => {
    if (typeof value === 'string') {
      if (!value.includes('{{')) secrets.values.add(value);
    } else if (typeof value === 'number') secrets.values.add(String(value));
    else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH)
      for (const child of Object.values(value)) addLiterals(child, depth + 1);
  };
  const secretParams = new Map<string, string[]>();
  for (const [name, { action }] of project.actions) secretParams.set(`do:${name}`, secretNames(action.params));
  for (const [name, { fragment }] of project.fragments)
    secretParams.set(`include:${name}`, secretNames(fragment.params));

  const visit = (node: unknown, depth: number, sent: boolean): void => {
    if (depth > MAX_DEPTH) return;
    if (typeof node === 'string') {
      if (node.includes('://') || node.includes('?')) secrets.urls.add(node.replace(/\{\{[^}]*\}\}/g, 'x'));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1, sent);
      return;
    }
    const record = node as Record<string, unknown>;
    const called =
      typeof record.do === 'string'
        ? `do:${record.do}`
        : typeof record.include === 'string'
          ? `include:${record.include}`
          : undefined;
    const args = record.with;
    if (called && args && typeof args === 'object')
      for (const param of secretParams.get(called) ?? []) {
        const value = (args as Record<string, unknown>)[param];
        addLiterals(value);
      }
    for (const [key, child] of Object.entries(record)) {
      if (COMPARED_KEYS.has(key)) continue;
      const sending = sent || SENT_KEYS.has(key);
      if (sending && isSensitiveField(key)) {
        addLiterals(child);
        continue;
      }
      visit(child, depth + 1, sending);
    }
  };

  for (const { scenario } of project.scenarios) {
    const vars = (scenario.vars ?? {}) as Record<string, unknown>;
    for (const name of scenario.secrets ?? []) addLiterals(vars[name]);
    visit(scenario, 0, false);
  }
  for (const { action } of project.actions.values()) visit(action, 0, false);
  for (const { fragment } of project.fragments.values()) visit(fragment, 0, false);
  return secrets;
}

function secretNames(params: Record<string, { secret?: boolean }> | undefined): string[] {
  return Object.entries(params ?? {})
    .filter(([, spec]) => spec.secret === true)
    .map(([name]) => name);
}
