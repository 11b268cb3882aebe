import assert from 'node:assert/strict';
import { createRng } from '../../src/core/rng.js';
import {
  createExpressionScope,
  ExpressionError,
  parseTemplate,
  renderTemplate,
  type ExpressionScope,
} from '../../src/expression/index.js';

/** The fixed clock of these tests: 2026-03-01T10:20:30Z. */
export const NOW = new Date('2026-03-01T10:20:30.000Z');

export interface TestScopeOptions {
  tenant?: unknown;
  env?: Record<string, string>;
  run?: Record<string, unknown>;
  seed?: string;
  now?: () => Date;
}

/** A scope like the engine's: locals plus tenant, env, run, fake (seeded) and date (fixed clock). */
export function scopeWith(locals: Record<string, unknown> = {}, options: TestScopeOptions = {}): ExpressionScope {
  return createExpressionScope({
    locals: () => locals,
    tenant: options.tenant ?? { tenantId: 'acme', customers: [{ code: 'CUST-001' }] },
    env: options.env ?? { REGION: 'eu-west' },
    run: options.run ?? { id: 'run-1', seed: 'seed-1', scenario: 'order-to-cash' },
    rng: createRng(options.seed ?? 'seed-1'),
    now: options.now ?? (() => NOW),
  });
}

/** Parses and renders one template string. */
export function render(source: string, scope: ExpressionScope = scopeWith()): unknown {
  return renderTemplate(parseTemplate(source), scope);
}

/** Renders `source`, asserts it fails with an ExpressionError, and returns that error. */
export function renderError(source: string, scope: ExpressionScope = scopeWith()): ExpressionError {
  let caught: unknown;
  try {
    const value = render(source, scope);
    assert.fail(`expected ${JSON.stringify(source)} to fail, got ${JSON.stringify(value)}`);
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof ExpressionError,
    `expected an ExpressionError, got ${String((caught as Error)?.name)}: ${String((caught as Error)?.message)}`,
  );
  return caught;
}

/** Parses `source` as a template, asserts it fails, and returns the ExpressionError. */
export function parseError(source: string): ExpressionError {
  let caught: unknown;
  try {
    parseTemplate(source);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ExpressionError, `expected ${JSON.stringify(source)} to fail to parse`);
  return caught;
}
