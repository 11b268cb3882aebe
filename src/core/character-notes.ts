import type { Diagnostic } from './diagnostic.js';
import type { LineIndex } from './line-index.js';
import { characterName, describeUnusualCharacters, unusualCharacters } from './unicode-characters.js';

/**
 * Adds to each diagnostic that points at a name holding a character a reader cannot see or
 * tell apart (a Cyrillic "о" in `do: оrder.create`, a no-break space) the character's Unicode
 * name and its column, at the end of the hint. The name is the scalar that starts at the
 * diagnostic's position (a key, a plain or a quoted value), read from the source line.
 *
 * @example
 * annotateCharacters([unknownAction], index)[0].hint
 * // 'Did you mean "order.create"? … "оrder.create" has U+043E CYRILLIC SMALL LETTER O (looks like "o") at column 9.'
 */
export function annotateCharacters(
  diagnostics: readonly Diagnostic[],
  lines: (file: string) => LineIndex | undefined,
): Diagnostic[] {
  return diagnostics.map((d) => {
    if (!d.file || !d.line || !d.column) return d;
    const index = lines(d.file);
    if (!index) return d;
    const token = scalarAt(index.line(d.line), d.column);
    if (!token || unusualCharacters(token.text, 1).length === 0) return d;
    const said = `${d.message} ${d.hint ?? ''}`;
    const first = unusualCharacters(token.text, 1)[0]!;
    const hex = characterName(first.codePoint).split(' ')[0]!;
    const column = token.column + first.index;
    if (said.includes(hex) && said.includes(`column ${column}`)) return d;
    const note = said.includes(hex)
      ? `${hex} is at line ${d.line}, column ${column}.`
      : describeUnusualCharacters(token.text, { column: token.column });
    return note ? { ...d, hint: d.hint ? `${d.hint} ${note}` : note } : d;
  });
}

/** The YAML scalar (key or value) that starts at `column` of `line`, and the column of its first character. */
function scalarAt(line: string, column: number): { text: string; column: number } | undefined {
  const rest = line.slice(column - 1, column - 1 + 400);
  if (rest === '') return undefined;
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    let end = 1;
    while (end < rest.length && !(rest[end] === quote && rest[end - 1] !== '\\')) end++;
    return { text: rest.slice(1, end), column: column + 1 };
  }
  const end = rest.search(/: |:$| #|[,\]}]/);
  return { text: (end < 0 ? rest : rest.slice(0, end)).trimEnd(), column };
}
