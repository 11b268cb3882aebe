import type { IncludeStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';
import { nestedDepth } from '../nesting.js';
import { bindParameters, defineParameters } from './do-step.js';

/** `include: fragment-name` — runs a fragment; its parameters stay local, what it saves is visible after. */
export async function executeInclude(step: IncludeStep, ctx: StepContext): Promise<StepOutcome> {
  const entry = ctx.engine.project.fragments.get(step.include);
  if (!entry) throw stepAbort('REHEARSE_UNKNOWN_FRAGMENT', `Unknown fragment "${step.include}".`);
  const depth = nestedDepth(ctx, `fragment "${step.include}"`);
  const args = bindParameters(
    entry.fragment.params ?? {},
    (step.with ? renderValue(step.with, ctx) : {}) as Record<string, unknown>,
    `fragment "${step.include}"`,
  );
  const inner = { ...ctx, scope: ctx.scope.child({ writeThrough: true }), file: entry.origin.file, depth };
  defineParameters(inner, entry.fragment.params ?? {}, args);
  return { children: await runSteps(entry.fragment.steps, inner) };
}
