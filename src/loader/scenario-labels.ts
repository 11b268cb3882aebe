import type { Scenario } from '../schema/index.js';
import { stepReferences } from './step-references.js';

/** Workflows reports group scenarios by when a scenario names none: the first of its tags that is one of these. */
export const KNOWN_WORKFLOWS = [
  'order-to-cash',
  'allocation',
  'shipment',
  'invoicing',
  'mrp',
  'purchasing',
  'edi',
] as const;

/** Allure's severity levels, most severe first (allure-js-commons `Severity`). */
export const SEVERITIES = ['blocker', 'critical', 'normal', 'minor', 'trivial'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What reports group and label a scenario by. */
export interface ScenarioLabels {
  /** `workflow:`, else the first tag naming a known workflow, else `other`. */
  workflow: string;
  /** A severity tag, else `critical` for a `smoke` scenario (it gates releases), else `normal`. */
  severity: Severity;
  owner?: string;
  /** Actions the scenario's own steps `do:` (nested blocks included, not inside actions), each once, outer steps first. */
  actions: string[];
}

/** The report labels of a scenario (see `ScenarioLabels`). */
export function scenarioLabels(scenario: Scenario): ScenarioLabels {
  const tags = (scenario.tags ?? []).map((t) => t.replace(/^@/, '').toLowerCase());
  const workflow = scenario.workflow ?? tags.find((t) => (KNOWN_WORKFLOWS as readonly string[]).includes(t)) ?? 'other';
  const severity = SEVERITIES.find((level) => tags.includes(level)) ?? (tags.includes('smoke') ? 'critical' : 'normal');
  const actions = [
    ...new Set(
      [...stepReferences(scenario.steps, ['steps']), ...stepReferences(scenario.cleanup ?? [], ['cleanup'])]
        .filter((ref) => ref.kind === 'do')
        .map((ref) => ref.name),
    ),
  ];
  return { workflow, severity, ...(scenario.owner ? { owner: scenario.owner } : {}), actions };
}
