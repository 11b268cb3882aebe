/**
 * Allure's labels and parameters of a scenario test, from what the test declares (see
 * `testAnnotations` and `testTags` in `test-identity.ts`). The one place the mapping lives:
 *
 * | Allure                      | from                                                        |
 * |-----------------------------|-------------------------------------------------------------|
 * | label `epic`                | annotation `workflow` (order-to-cash, allocation, ...)      |
 * | label `feature`             | the scenario's name (the describe block around its tests)   |
 * | label `story` (one each)    | annotations `action` (`order.create`), in first-use order   |
 * | label `severity`            | annotation `severity` (blocker … trivial)                   |
 * | label `owner`               | annotation `owner` (only when the scenario has `owner:`)    |
 * | label `tag` (one each)      | the scenario's tags, without the internal `@tenant:`, `@driver:`, `@phase:` |
 * | label `parentSuite`         | annotation `tenant` (not the Playwright project: tenants share one, see config.ts) |
 * | label `suite`, `package`    | annotation `scenario` (the scenario's file; `package` dotted), not the generated spec |
 * | parameter `tenant`, `driver`| annotations `tenant`, `driver`                              |
 *
 * Label names are Allure's (allure-js-commons `LabelName`).
 */

/** Annotation types Rehearse sets on every scenario test; Allure gets them as labels and parameters, never as steps. */
export const REHEARSE_ANNOTATIONS: ReadonlySet<string> = new Set([
  'scenario',
  'workflow',
  'severity',
  'owner',
  'driver',
  'tenant',
  'action',
]);

/** Tags Rehearse adds to select tests per Playwright project: not the scenario's own. */
const INTERNAL_TAG = /^@?(tenant|driver|phase):/;

export interface AllureLabel {
  name: string;
  value: string;
}

export interface AllureParameter {
  name: string;
  value: string;
}

/** What a test declares, as Playwright's `TestCase` gives it to a reporter. */
export interface DeclaredTest {
  annotations: ReadonlyArray<{ type: string; description?: string }>;
  tags: readonly string[];
  /** The describe block's title: the scenario's name. */
  scenarioName: string;
}

/**
 * The labels and parameters of a scenario test (see the table above). A test without
 * Rehearse's annotations (a plain Playwright test in the same run) gets none.
 *
 * @example
 * allureLabels({ annotations: [{ type: 'workflow', description: 'order-to-cash' }, { type: 'tenant', description: 'standard' }], tags: ['@smoke', '@tenant:standard'], scenarioName: 'order-flow' })
 * // { labels: [{ name: 'epic', value: 'order-to-cash' }, { name: 'feature', value: 'order-flow' }, { name: 'tag', value: 'smoke' }],
 * //   parameters: [{ name: 'tenant', value: 'standard' }] }
 */
export function allureLabels(test: DeclaredTest): { labels: AllureLabel[]; parameters: AllureParameter[] } {
  const all = (type: string) =>
    test.annotations.filter((a) => a.type === type && a.description).map((a) => a.description ?? '');
  const one = (type: string) => all(type)[0];
  if (!one('workflow')) return { labels: [], parameters: [] };
  const labels: AllureLabel[] = [
    { name: 'epic', value: one('workflow')! },
    { name: 'feature', value: test.scenarioName || one('scenario') || '' },
    ...all('action').map((value) => ({ name: 'story', value })),
    ...(one('severity') ? [{ name: 'severity', value: one('severity')! }] : []),
    ...(one('owner') ? [{ name: 'owner', value: one('owner')! }] : []),
    ...scenarioTags(test.tags).map((value) => ({ name: 'tag', value })),
    ...(one('tenant') ? [{ name: 'parentSuite', value: one('tenant')! }] : []),
    ...(one('scenario')
      ? [
          { name: 'suite', value: one('scenario')! },
          { name: 'package', value: one('scenario')!.split(/[\\/]/).join('.') },
        ]
      : []),
  ];
  const parameters = (['tenant', 'driver'] as const).flatMap((name) => {
    const value = one(name);
    return value ? [{ name, value }] : [];
  });
  return { labels, parameters };
}

/** The scenario's own tags, without `@`: Rehearse's selection tags left out. */
export function scenarioTags(tags: readonly string[]): string[] {
  return tags.filter((tag) => !INTERNAL_TAG.test(tag)).map((tag) => tag.replace(/^@/, ''));
}
