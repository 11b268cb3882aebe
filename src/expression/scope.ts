import { EXPRESSION_ROOT_NAMES } from '../core/reserved-names.js';
import type { Rng } from '../core/rng.js';
import { dateFunctions } from './dates.js';
import type { ExpressionScope } from './evaluate.js';
import { fakeFunctions } from './fake.js';

export interface ScopeSources {
  /** Variables: vars, saved values, parameters, loop index. */
  locals: () => Record<string, unknown>;
  tenant: unknown;
  env: Readonly<Record<string, string>>;
  run: Readonly<Record<string, unknown>>;
  rng: Rng;
  now: () => Date;
}

/**
 * The scope the engine evaluates expressions in. Locals shadow nothing
 * reserved: `tenant`, `env`, `run`, `vars`, `fake`, `date`, `now`, `today`
 * always mean the built-ins.
 */
export function createExpressionScope(sources: ScopeSources): ExpressionScope {
  const dates = dateFunctions(sources.now);
  let fake: ReturnType<typeof fakeFunctions> | undefined;
  const reserved: Record<string, () => unknown> = {
    tenant: () => sources.tenant,
    env: () => sources.env,
    run: () => sources.run,
    vars: () => sources.locals(),
    fake: () => (fake ??= fakeFunctions(sources.rng)),
    date: () => dates.date,
    now: () => dates.now,
    today: () => dates.today,
  };
  return {
    lookup(name) {
      // Own keys only: `constructor`, `toString`, `__proto__` are not names.
      const builtin = Object.prototype.hasOwnProperty.call(reserved, name) ? reserved[name] : undefined;
      if (builtin) return { found: true, value: builtin() };
      const locals = sources.locals();
      if (Object.prototype.hasOwnProperty.call(locals, name)) return { found: true, value: locals[name] };
      return { found: false };
    },
    names: () => [...Object.keys(sources.locals()), 'tenant', 'env', 'run', 'vars', 'fake', 'date'],
  };
}

/** Root names that are always defined (the loader refuses them as user names). */
export const RESERVED_NAMES = EXPRESSION_ROOT_NAMES;
