import { parsePath } from '../core/json-path.js';
import type { StepKindName } from '../schema/index.js';
import { isDynamic, report, type CheckContext, type Segment } from './check-context.js';

/** Step kinds whose `expect` keys and `save` values are X12 queries, not JSON paths. */
const X12_QUERY_KINDS: ReadonlySet<StepKindName> = new Set(['edi.expect']);

/**
 * Every `expect` key and `save` value of a step is a well-formed path (see `parsePath`):
 * a malformed one is `REHEARSE_INVALID_PATH` at the character at fault, so that it never
 * runs as a path that silently reads nothing. Paths holding `{{ }}` are known only at run time.
 */
export function checkPaths(
  record: Record<string, unknown>,
  path: readonly Segment[],
  kind: StepKindName,
  ctx: CheckContext,
): void {
  if (X12_QUERY_KINDS.has(kind)) return;
  const { expect, save } = record;
  if (expect && typeof expect === 'object' && !Array.isArray(expect))
    for (const key of Object.keys(expect)) checkPath(key, [...path, 'expect', key], true, ctx);
  if (save && typeof save === 'object' && !Array.isArray(save))
    for (const [name, value] of Object.entries(save))
      if (typeof value === 'string') checkPath(value, [...path, 'save', name], false, ctx);
}

/** Paths found well formed in this process: a project writes the same ones (`body.status`) in many steps. */
const wellFormed = new Set<string>();
const MAX_REMEMBERED_PATHS = 10_000;

function checkPath(text: string, at: readonly Segment[], key: boolean, ctx: CheckContext): void {
  if (isDynamic(text) || wellFormed.has(text)) return;
  const parsed = parsePath(text);
  if (parsed.ok) {
    if (wellFormed.size < MAX_REMEMBERED_PATHS) wellFormed.add(text);
    return;
  }
  const { line, column } = ctx.source.locate(at, { key });
  const first = ctx.source.text.split('\n')[line - 1]?.[column - 1];
  const quoted = first === '"' || first === "'" ? 1 : 0;
  report(
    ctx,
    at,
    {
      code: 'REHEARSE_INVALID_PATH',
      message: `Failed to read the path "${text}": ${parsed.message}.`,
      expected: 'a path such as body.lines[0].qty, headers.content-type, body["a.b"] or lines[*].sku',
      hint: 'Write a name of letters, digits, "_", "$" or "-" after each "."; put any other key in quotes inside brackets: body["a]b"], body[\'x.y\'].',
    },
    { key, columnOffset: quoted + parsed.offset },
  );
}
