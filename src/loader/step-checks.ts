import { suggestionHint } from '../core/did-you-mean.js';
import { validateWithSchema } from '../core/schema-validate.js';
import {
  AS_TENANT_STEP_KINDS,
  BLOCK_STEP_KINDS,
  COMMON_STEP_KEYS,
  SHALLOW_STEP_SCHEMAS,
  STEP_KIND_NAMES,
  type StepKindName,
} from '../schema/index.js';
import { stepKindOf } from '../schema/step-kinds.js';
import { checkArguments } from './check-arguments.js';
import { checkAsTenant } from './check-as-tenant.js';
import { report, type CheckContext, type Scope, type Segment } from './check-context.js';
import { checkEdiSend } from './check-edi-send.js';
import { checkPaths } from './check-paths.js';
import { checkTradingPartner } from './check-trading-partner.js';
import { checkUiStep } from './check-ui-step.js';
import { checkPartnerName, checkVirtualSetup } from './check-virtual.js';
import { checkExpectSpec, checkTemplates } from './template-checks.js';

export type { Scope } from './check-context.js';

const BLOCK_KEYS = new Set(['steps']);

/**
 * Validates a list of steps one at a time: finds each step's kind from its
 * discriminating key (with a did-you-mean when none matches), validates it
 * against that kind's schema, checks references (actions, fragments, schemas),
 * expressions and matchers, and tracks which names are in scope for later steps.
 */
export function checkSteps(steps: unknown, path: readonly Segment[], scope: Scope, ctx: CheckContext): void {
  if (!Array.isArray(steps)) return; // the parent's schema already reported the wrong type
  steps.forEach((step, index) => checkStep(step, [...path, index], scope, ctx));
}

// Defined without the loader's and TypeBox's modules, for the engine; the loader's users import it here.
export { stepKindOf };

function checkStep(step: unknown, path: Segment[], scope: Scope, ctx: CheckContext): void {
  if (!step || typeof step !== 'object' || Array.isArray(step)) {
    report(ctx, path, {
      code: 'REHEARSE_WRONG_TYPE',
      message: 'A step must be a mapping such as "do: order.create".',
      expected: `a mapping with one of: ${STEP_KIND_NAMES.join(', ')}`,
    });
    return;
  }
  const record = step as Record<string, unknown>;
  const { kind, ambiguous } = stepKindOf(record);
  if (ambiguous) {
    report(
      ctx,
      [...path, ambiguous[1]!],
      {
        code: 'REHEARSE_AMBIGUOUS_STEP',
        message: `A step has one kind, but this one has ${ambiguous.map((k) => `"${k}"`).join(' and ')}.`,
        expected: 'exactly one step kind key per step',
        hint: 'Split it into two steps.',
      },
      { key: true },
    );
    return;
  }
  if (!kind) {
    const unknown = Object.keys(record).find((k) => !(COMMON_STEP_KEYS as readonly string[]).includes(k)) ?? '';
    report(
      ctx,
      unknown ? [...path, unknown] : path,
      {
        code: 'REHEARSE_UNKNOWN_STEP_KIND',
        message: unknown ? `Unknown step kind "${unknown}".` : 'The step has no kind.',
        expected: `one of ${STEP_KIND_NAMES.join(', ')}`,
        hint: suggestionHint(unknown, STEP_KIND_NAMES, 'step kind'),
      },
      { key: Boolean(unknown) },
    );
    return;
  }
  if ('as' in record && !takesAs(kind, record)) {
    misplacedAs(record, path, ctx);
    const { as: _misplaced, ...rest } = record;
    checkStep(rest, path, scope, ctx);
    return;
  }
  const schemaProblems = ctx.index.trusted
    ? []
    : validateWithSchema(SHALLOW_STEP_SCHEMAS[kind], ctx.source, { basePath: path, value: step });
  ctx.diagnostics.push(...schemaProblems);
  checkStepId(record, path, ctx);
  // A step that acts as another tenant is checked against that tenant's profile.
  const stepCtx = checkAsTenant(record, path, kind, ctx);

  // Expressions first (except nested blocks and matcher specs, checked below).
  for (const [key, value] of Object.entries(record)) {
    if (BLOCK_KEYS.has(key) && BLOCK_STEP_KINDS.has(kind)) continue;
    if (key === 'expect' || key === 'save') continue;
    // `collect:` is rendered in each copy after its steps: it may read what the copy saved (checked below).
    if (key === 'collect' && (kind === 'repeat' || kind === 'parallel')) continue;
    const extra = kind === 'repeat' || kind === 'parallel' ? loopScope(record, scope) : scope;
    // `show:` is rendered after the block's last attempt: it may read what the block saved (checked below).
    if (kind === 'eventually' && key === 'eventually' && value && typeof value === 'object' && !Array.isArray(value)) {
      const { show: _show, ...polling } = value as Record<string, unknown>;
      checkTemplates(polling, [...path, key], extra, stepCtx);
      continue;
    }
    checkTemplates(value, [...path, key], extra, stepCtx);
  }

  switch (kind) {
    case 'do':
      checkDoStep(record, path, stepCtx);
      break;
    case 'include':
      checkInclude(record, path, scope, stepCtx);
      break;
    case 'virtual':
      checkExactlyOne(record, path, ['profile', 'faults'], 'virtual', stepCtx);
      checkVirtualSetup(record.virtual, [...path, 'virtual'], record, path, stepCtx, {
        schemaValid: schemaProblems.length === 0,
      });
      break;
    case 'virtual.expect':
      checkAtMostOne(record, path, ['times', 'atLeast', 'atMost'], stepCtx);
      checkPartnerName(record['virtual.expect'], [...path, 'virtual.expect'], stepCtx);
      break;
    case 'edi.send':
      checkExactlyOne(record, path, ['template', 'segments'], 'edi.send', stepCtx);
      checkEdiSend(record, path, scope, stepCtx);
      checkTradingPartner(record, path, kind, stepCtx);
      break;
    case 'edi.expect':
      checkTradingPartner(record, path, kind, stepCtx);
      break;
    case 'set':
      if (record.set && typeof record.set === 'object') for (const name of Object.keys(record.set)) scope.add(name);
      break;
    case 'ui':
      // What a ui step saves is in scope after it, like any save:.
      for (const name of checkUiStep(record, path, stepCtx)) scope.add(name);
      break;
    case 'as':
      // One variable scope: what the block saves is the scenario's, visible after it.
      checkSteps(record.steps, [...path, 'steps'], scope, stepCtx);
      break;
    case 'eventually':
    case 'repeat':
    case 'parallel': {
      const inner = kind === 'eventually' ? scope : loopScope(record, scope);
      checkSteps(record.steps, [...path, 'steps'], inner, stepCtx);
      const show = kind === 'eventually' ? (record.eventually as { show?: unknown } | undefined)?.show : undefined;
      if (show !== undefined) checkTemplates(show, [...path, 'eventually', 'show'], inner, stepCtx);
      // Names saved inside a sequential block are visible after it.
      if (kind !== 'parallel') for (const name of inner) scope.add(name);
      if (kind !== 'eventually' && record.collect && typeof record.collect === 'object') {
        checkTemplates(record.collect, [...path, 'collect'], new Set([...inner, 'durationMs']), stepCtx);
        for (const name of Object.keys(record.collect)) scope.add(name);
      }
      break;
    }
    default:
      break;
  }

  if (record.expect !== undefined) checkExpectSpec(record.expect, [...path, 'expect'], scope, stepCtx, kind);
  checkPaths(record, path, kind, stepCtx);
  if (record.save && typeof record.save === 'object') {
    checkTemplates(record.save, [...path, 'save'], scope, stepCtx);
    for (const name of Object.keys(record.save)) scope.add(name);
  }
}

export function checkExactlyOne(
  record: Record<string, unknown>,
  path: Segment[],
  keys: readonly string[],
  kind: string,
  ctx: CheckContext,
): void {
  const present = keys.filter((k) => record[k] !== undefined);
  if (present.length === 1) return;
  report(
    ctx,
    present.length ? [...path, present[1]!] : kind in record ? [...path, kind] : path,
    {
      code: present.length ? 'REHEARSE_CONFLICTING_KEYS' : 'REHEARSE_MISSING_FIELD',
      message: present.length
        ? `\`${kind}\` takes one of ${keys.join(' or ')}, not both.`
        : `\`${kind}\` needs ${keys.map((k) => `"${k}"`).join(' or ')}.`,
      expected: `exactly one of ${keys.join(', ')}`,
      hint: kind === 'virtual' ? 'Example: `- virtual: carrier` with `profile: outage`.' : `Add ${keys[0]}:.`,
    },
    { key: present.length > 0 },
  );
}

function checkAtMostOne(
  record: Record<string, unknown>,
  path: Segment[],
  keys: readonly string[],
  ctx: CheckContext,
): void {
  const present = keys.filter((k) => record[k] !== undefined);
  if (present.length <= 1) return;
  report(
    ctx,
    [...path, present[1]!],
    {
      code: 'REHEARSE_CONFLICTING_KEYS',
      message: `Give one count: ${present.join(' and ')} are both set.`,
      expected: `one of ${keys.join(', ')}`,
      hint: 'times: exact count; atLeast / atMost: bounds.',
    },
    { key: true },
  );
}

function loopScope(record: Record<string, unknown>, scope: Scope): Scope {
  const inner = new Set(scope);
  inner.add(typeof record.as === 'string' ? record.as : 'index');
  return inner;
}

function checkStepId(record: Record<string, unknown>, path: Segment[], ctx: CheckContext): void {
  if (typeof record.id !== 'string') return;
  const first = ctx.stepIds.get(record.id);
  if (first) {
    const previous = first.source.locate(first.path);
    report(ctx, [...path, 'id'], {
      code: 'REHEARSE_DUPLICATE_STEP_ID',
      message: `Duplicate step id "${record.id}" (first used at line ${previous.line}).`,
      expected: 'step ids unique within a file',
      hint: 'Rename one of the steps.',
    });
    return;
  }
  ctx.stepIds.set(record.id, { source: ctx.source, path: [...path, 'id'] });
}

function checkDoStep(record: Record<string, unknown>, path: Segment[], ctx: CheckContext): void {
  if (typeof record.do !== 'string') return;
  const entry = ctx.index.actions.get(record.do);
  if (!entry) {
    report(ctx, [...path, 'do'], {
      code: 'REHEARSE_UNKNOWN_ACTION',
      message: `Unknown action "${record.do}".`,
      expected: 'an action defined in scenarios/actions/*.yaml',
      hint: suggestionHint(record.do, [...ctx.index.actions.keys()], 'action'),
    });
    return;
  }
  checkArguments(entry.action.params ?? {}, record.with, [...path], `action "${record.do}"`, ctx);
}

function checkInclude(record: Record<string, unknown>, path: Segment[], scope: Scope, ctx: CheckContext): void {
  if (typeof record.include !== 'string') return;
  const entry = ctx.index.fragments.get(record.include);
  if (!entry) {
    report(ctx, [...path, 'include'], {
      code: 'REHEARSE_UNKNOWN_FRAGMENT',
      message: `Unknown fragment "${record.include}".`,
      expected: 'a fragment defined in scenarios/fragments/*.yaml',
      hint: suggestionHint(record.include, [...ctx.index.fragments.keys()], 'fragment'),
    });
    return;
  }
  checkArguments(entry.fragment.params ?? {}, record.with, path, `fragment "${record.include}"`, ctx);
  // What a fragment saves is visible after the include.
  collectSavedNames(entry.fragment.steps, scope);
}

function collectSavedNames(steps: unknown, scope: Scope): void {
  if (!Array.isArray(steps)) return;
  for (const step of steps as Array<Record<string, unknown>>) {
    if (step && typeof step === 'object') {
      for (const key of ['save', 'set'] as const) {
        const map = step[key];
        if (map && typeof map === 'object') for (const name of Object.keys(map)) scope.add(name);
      }
      const ui = step.ui as { save?: unknown } | undefined;
      if (ui && typeof ui === 'object' && ui.save && typeof ui.save === 'object')
        for (const name of Object.keys(ui.save)) scope.add(name);
      collectSavedNames(step.steps, scope);
    }
  }
}

/** Names every scenario may use without defining them. */
export const BUILTIN_ROOTS = ['tenant', 'env', 'run', 'vars'] as const;

/**
 * Whether `as:` belongs on this step: a request kind (`AS_TENANT_STEP_KINDS`) or an `as` block
 * (`as:` with `steps:`, or alone: then `steps` is what is missing). On `repeat` and `parallel`
 * it names the loop variable.
 */
function takesAs(kind: StepKindName, record: Record<string, unknown>): boolean {
  if (kind === 'repeat' || kind === 'parallel' || AS_TENANT_STEP_KINDS.has(kind)) return true;
  if (kind !== 'as') return false;
  const { as: _block, ...rest } = record;
  return 'steps' in record || stepKindOf(rest).kind === undefined;
}

/** `as:` on a step that sends nothing (expect, set, wait, virtual, …): said at the `as` key, with the fix. */
function misplacedAs(record: Record<string, unknown>, path: Segment[], ctx: CheckContext): void {
  const { as: _misplaced, ...rest } = record;
  const kind = stepKindOf(rest).kind ?? 'this';
  const why =
    kind === 'expect' || kind === 'set'
      ? ` ${kind === 'expect' ? 'An expect step reads' : 'A set step writes'} the scenario's variables, which belong to no tenant.`
      : '';
  report(
    ctx,
    [...path, 'as'],
    {
      code: 'REHEARSE_AS_NOT_ALLOWED',
      message: `"as:" does not go on ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} step: it makes requests go as another tenant (${[...AS_TENANT_STEP_KINDS].join(', ')} steps, and as blocks).${why}`,
      expected: `as: on one of ${[...AS_TENANT_STEP_KINDS].join(', ')}, or an as block with steps:`,
      hint: 'Drop "as:" from this step; to run several steps as that tenant, write "- as: <tenant>" with the steps under "steps:".',
    },
    { key: true },
  );
}
