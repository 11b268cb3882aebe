import { suggestionHint } from '../core/did-you-mean.js';
import type { ParamSpec } from '../schema/index.js';
import { report, type CheckContext, type Segment } from './check-context.js';

/**
 * The `with:` of a `do` or `include` step against the parameters of what it calls: every
 * argument is a parameter (`REHEARSE_UNKNOWN_PARAMETER`, with a did-you-mean) and every
 * required parameter without a default is given (`REHEARSE_MISSING_PARAMETER`). Lookups use
 * `Object.hasOwn`, so `with: { constructor: 1 }` is an unknown parameter, not a found one.
 */
export function checkArguments(
  params: Record<string, ParamSpec>,
  given: unknown,
  path: readonly Segment[],
  owner: string,
  ctx: CheckContext,
): void {
  const args = given && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
  const names = Object.keys(params);
  for (const name of Object.keys(args)) {
    if (Object.hasOwn(params, name)) continue;
    report(
      ctx,
      [...path, 'with', name],
      {
        code: 'REHEARSE_UNKNOWN_PARAMETER',
        message: `Unknown parameter "${name}" for ${owner}.`,
        expected: names.length ? `one of ${names.join(', ')}` : 'no parameters',
        hint: suggestionHint(name, names, 'parameter'),
      },
      { key: true },
    );
  }
  for (const [name, spec] of Object.entries(params)) {
    if (spec.required && spec.default === undefined && !Object.hasOwn(args, name)) {
      report(ctx, path, {
        code: 'REHEARSE_MISSING_PARAMETER',
        message: `Missing required parameter "${name}" for ${owner}.`,
        expected: `with: { ${name}: <${spec.type}> }`,
        hint: spec.description ? `${name}: ${spec.description}` : `Add "${name}" under "with:".`,
      });
    }
  }
}
