import {
  callProblems,
  referencedNames,
  type CallProblem,
  type NameReference,
  type Template,
} from '../expression/index.js';

/** What the load-time checks read from a parsed template. */
export interface TemplateAnalysis {
  names: readonly NameReference[];
  callProblems: readonly CallProblem[];
}

// Keyed by the parsed template, which `cachedTemplate` shares between every use of one text:
// a project's thousand steps that send "{{ orderId }}" are analysed once.
const analyses = new WeakMap<Template, TemplateAnalysis>();

/** The names a template reads and its calls' argument problems (see `referencedNames`, `callProblems`), once per template. */
export function analyzeTemplate(template: Template): TemplateAnalysis {
  let analysis = analyses.get(template);
  if (!analysis) {
    analysis = { names: referencedNames(template), callProblems: callProblems(template) };
    analyses.set(template, analysis);
  }
  return analysis;
}
