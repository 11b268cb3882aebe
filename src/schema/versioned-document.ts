import type { TSchema } from '../core/typebox.js';
import { Value } from '../core/typebox.js';

/**
 * What is wrong with a document Rehearse wrote and reads back (a business summary, load
 * results), or undefined when it is one (`what` names it without an article: `business summary`): its `schemaVersion` must be `version`, and its shape
 * must match `schema` (TypeBox's check; the first wrong JSON pointer is named). One sentence,
 * for a message such as `Failed to read <file>: <problem>.`
 */
export function versionedDocumentProblem(
  value: unknown,
  schema: TSchema,
  version: number,
  what: string,
): string | undefined {
  const found = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (found === undefined) return `it is not a ${what} (it has no schemaVersion; a Rehearse ${what} has ${version})`;
  if (found !== version)
    return `it is a version ${JSON.stringify(found)} ${what}; this Rehearse reads version ${version}`;
  const first = Value.Errors(schema, value).First();
  return first ? `it does not match the ${what} schema at ${first.path || '/'}: ${first.message}` : undefined;
}
