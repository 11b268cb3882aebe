import type { Diagnostic } from '../core/diagnostic.js';
import { formatPath } from '../core/diagnostic.js';
import { numericScalarProblem } from '../core/numeric-scalars.js';
import type { YamlSource } from '../core/yaml-source.js';

/**
 * `REHEARSE_YAML_NUMBER_CHANGES_TEXT` warnings for the unquoted scalars YAML read as numbers
 * with another text (`zip: 02134` → 2134) where no schema said what it wants: a variable, a
 * request value, an expected value. Where a schema wants a number nothing is said; where it
 * wants text, the schema check has already made it an error (`REHEARSE_YAML_NUMBER_FOR_TEXT`).
 * Call once every schema check of the files has run.
 */
export function numericScalarWarnings(sources: readonly YamlSource[]): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const source of sources)
    for (const scalar of source.numericScalars ?? []) {
      if (scalar.expects !== undefined) continue;
      const problem = numericScalarProblem(scalar, formatPath(scalar.path));
      if (problem) warnings.push(problem);
    }
  return warnings;
}
