import type { ScenarioResult, StepResult } from '../../engine/results.js';

/**
 * Why a scenario test failed, for Allure's categories:
 * - `product-defect`: the product misbehaved — a check did not hold (a wrong value, a 4xx/500 the
 *   step did not ask for, an `eventually` that never held, a screen that did not show what it should);
 * - `partner-or-environment-fault`: the system around the product — a virtual partner answered
 *   with an injected fault during the test, the target was unreachable, reset the connection, timed
 *   out or refused our credentials, or a gateway answered 502/503/504;
 * - `scenario-error`: the scenario itself could not be carried out — an expression error, a name or
 *   parameter that does not exist, bad data, a secret or variable missing.
 */
export type FailureCategory = 'product-defect' | 'partner-or-environment-fault' | 'scenario-error';

/**
 * What starts the Allure `statusDetails.message` of a failed test in each category, so a
 * category's `messageRegex` matches it whatever the rest of the message says.
 */
export const CATEGORY_MARKS: Readonly<Record<FailureCategory, string>> = {
  'product-defect': '[product defect]',
  'partner-or-environment-fault': '[partner or environment fault]',
  'scenario-error': '[scenario error]',
};

/**
 * Allure status of a failed test per category: `failed` is Allure's "the product is wrong",
 * `broken` its "the test could not tell" (Allure's own default categories split on it).
 */
export const CATEGORY_STATUS: Readonly<Record<FailureCategory, 'failed' | 'broken'>> = {
  'product-defect': 'failed',
  'partner-or-environment-fault': 'broken',
  'scenario-error': 'broken',
};

/** One category of Allure's `categories.json` (Allure 2 format; Allure 3 reads the same keys in `allurerc`). */
export interface AllureCategory {
  name: string;
  matchedStatuses: string[];
  messageRegex: string;
}

/**
 * The categories Rehearse writes to `categories.json`. Each regex anchors on its mark and takes
 * the whole message (`[\s\S]*`): Allure 2 matches a message whole (Java `matches`), Allure 3
 * searches it (JavaScript `test`); both agree on these.
 */
export const ALLURE_CATEGORIES: readonly AllureCategory[] = (
  [
    ['Product defects', 'product-defect'],
    ['Partner or environment faults', 'partner-or-environment-fault'],
    ['Scenario errors', 'scenario-error'],
  ] as const
).map(([name, category]) => ({
  name,
  matchedStatuses: [CATEGORY_STATUS[category]],
  messageRegex: `^${escapeRegExp(CATEGORY_MARKS[category])}[\\s\\S]*`,
}));

/**
 * The tag of a scenario that rehearses how the product copes with partner faults (the shipped
 * carrier-outage, label-outage and payment-retry scenarios): its injected faults are its premise,
 * not the environment's doing, so its failed checks are product defects.
 */
export const RESILIENCE_TAG = 'resilience';

/** Codes of steps that stopped because the target or its surroundings did not answer as a system should. */
const ENVIRONMENT_CODES = new Set([
  'REHEARSE_CONNECTION_REFUSED',
  'REHEARSE_CONNECTION_RESET',
  'REHEARSE_CONNECT_TIMEOUT',
  'REHEARSE_REQUEST_TIMEOUT',
  'REHEARSE_HEADERS_TIMEOUT',
  'REHEARSE_BODY_TIMEOUT',
  'REHEARSE_NETWORK_ERROR',
  'REHEARSE_PROTOCOL_ERROR',
  'REHEARSE_TARGET_DOWN',
  'REHEARSE_SCENARIO_TIMEOUT',
  'REHEARSE_ABORTED',
  'REHEARSE_INTERRUPTED',
  'REHEARSE_AUTH_FAILED',
  'REHEARSE_LOGIN_FAILED',
  'REHEARSE_UI_LOGIN_FAILED',
  'REHEARSE_VIRTUAL_UNREACHABLE',
  'REHEARSE_VIRTUAL_ADMIN_FAILED',
  'REHEARSE_SANDBOX_PROVISIONING',
  'REHEARSE_DRIVER_UNAVAILABLE',
]);

/** Codes that are a check that did not hold, said as an error: the product's answer was wrong or late. */
const PRODUCT_CODES = new Set([
  'REHEARSE_EVENTUALLY_TIMEOUT',
  'REHEARSE_POLL_TIMEOUT',
  'REHEARSE_SCHEMA_VIOLATION',
  'REHEARSE_UI_EXPECTATION_FAILED',
  'REHEARSE_UI_RESPONSE_STATUS',
]);

/** Statuses a gateway answers for a system behind it (RFC 9110 §15.6.3–15.6.5). */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * The category of a failed scenario test and a one-line reason, from its `ScenarioResult` (the
 * `rehearse-result.json` attachment) and Playwright's status. First rule that applies wins:
 * 1. a failing step's error code that names the network, a timeout, auth or the virtual services → partner or environment fault;
 * 2. any other error code, except those that are checks in disguise (`PRODUCT_CODES`) → scenario error;
 * 3. a virtual partner answered with an injected fault during the test (`faultsInjected`) →
 *    partner or environment fault — except in a scenario tagged `resilience` (`RESILIENCE_TAG`):
 *    there the faults are its premise, it rehearses how the product copes, so a check that did
 *    not hold is the product's defect (rule 5) and the reason names the faults it coped with badly;
 * 4. a failing step's answer was 502, 503 or 504 → partner or environment fault;
 * 5. a check did not hold → product defect.
 * Without a result (the test ended before the scenario reported): a timeout is an environment
 * fault, anything else a scenario error.
 *
 * @example
 * classifyFailure({ ...result, faultsInjected: { carrier: 3 } }, 'failed')
 * // { category: 'partner-or-environment-fault', reason: 'virtual partners answered with injected faults: carrier ×3' }
 */
export function classifyFailure(
  result: ScenarioResult | undefined,
  playwrightStatus: string,
  tags: readonly string[] = [],
): { category: FailureCategory; reason: string } {
  if (!result)
    return playwrightStatus === 'timedOut'
      ? { category: 'partner-or-environment-fault', reason: 'the test timed out before the scenario reported' }
      : { category: 'scenario-error', reason: 'the scenario did not report a result' };
  let leaves = failingLeaves(result.steps);
  if (!leaves.length) leaves = failingLeaves(result.cleanup);
  const codes = leaves.flatMap((step) => (step.error ? [step.error.code] : []));
  const environment = codes.find((code) => ENVIRONMENT_CODES.has(code));
  if (environment) return { category: 'partner-or-environment-fault', reason: environment };
  const scenario = codes.find((code) => !PRODUCT_CODES.has(code));
  if (scenario) return { category: 'scenario-error', reason: scenario };
  const faults = Object.entries(result.faultsInjected ?? {}).filter(([, count]) => count > 0);
  const faultsText = faults.map(([partner, count]) => `${partner} ×${count}`).join(', ');
  const resilience = tags.some((tag) => tag.replace(/^@/, '') === RESILIENCE_TAG);
  if (faults.length && !resilience)
    return {
      category: 'partner-or-environment-fault',
      reason: `virtual partners answered with injected faults: ${faultsText}`,
    };
  const gateway = leaves.flatMap((step) => step.exchanges).find((x) => GATEWAY_STATUSES.has(x.response?.status ?? 0));
  if (gateway)
    return {
      category: 'partner-or-environment-fault',
      reason: `${gateway.request.method} ${gateway.request.url} answered ${gateway.response!.status}`,
    };
  const check = leaves.flatMap((step) => step.checks).find((c) => !c.passed);
  if (check)
    return {
      category: 'product-defect',
      reason: `check ${check.path} (${check.matcher}) did not hold${faults.length ? ` under the scenario's own faults: ${faultsText}` : ''}`,
    };
  if (codes.length) return { category: 'product-defect', reason: codes[0]! };
  return result.status === 'errored'
    ? { category: 'scenario-error', reason: 'a step errored' }
    : { category: 'product-defect', reason: 'a step failed' };
}

/** The deepest failed or errored steps: where each failure happened. */
function failingLeaves(steps: readonly StepResult[]): StepResult[] {
  return steps.flatMap((step) => {
    if (step.status !== 'failed' && step.status !== 'errored') return [];
    const deeper = failingLeaves(step.children ?? []);
    return deeper.length ? deeper : [step];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
