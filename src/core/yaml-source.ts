import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from './diagnostic.js';

/** A parsed YAML file that still knows where every value came from. */
export interface YamlSource {
  file: string;
  text: string;
  /** The plain JavaScript value (undefined when the YAML could not be parsed). */
  value: unknown;
  /** Syntax problems (YAML errors, duplicate keys). */
  diagnostics: Diagnostic[];
  /**
   * Position of the value at `path`; with `key: true`, of the map key naming it.
   * Falls back to the closest existing ancestor when the path does not exist.
   */
  locate(path: ReadonlyArray<string | number>, options?: { key?: boolean }): SourcePosition;
}

type Segment = string | number;

/**
 * Parses YAML with the `yaml` package, keeping source ranges so that every
 * later problem can point at file:line:col.
 *
 * @example
 * const src = parseYamlSource('a.yaml', 'steps:\n  - do: x\n');
 * src.locate(['steps', 0, 'do']); // { file: 'a.yaml', line: 2, column: 9 }
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  // After the first syntax error the parser's later errors are mostly echoes of it: report
  // every duplicate key but only the first syntax error, like a compiler would.
  const syntax = document.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  for (const error of document.errors.filter((e) => e.code === 'DUPLICATE_KEY' || e === syntax)) {
    const where = position(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    diagnostics.push({
      code: duplicate ? 'REHEARSE_YAML_DUPLICATE_KEY' : 'REHEARSE_YAML_SYNTAX',
      message: firstLine(error.message),
      ...where,
      expected: duplicate ? 'each key once per mapping' : 'valid YAML',
      hint: duplicate
        ? 'Remove or rename one of the duplicate keys.'
        : 'Check indentation, unclosed quotes or brackets, and that "key: value" pairs have a space after the colon.',
    });
  }
  let value: unknown;
  if (document.errors.length === 0) {
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      diagnostics.push({
        code: 'REHEARSE_YAML_SYNTAX',
        message: error instanceof Error ? firstLine(error.message) : String(error),
        file,
        line: 1,
        column: 1,
        expected: 'valid YAML',
      });
    }
  }

  const locate = (path: readonly Segment[], options: { key?: boolean } = {}): SourcePosition => {
    let node: unknown = document.contents;
    let best: number = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        if (last && options.key && keyStart !== undefined) return position(keyStart);
        node = pair.value;
        best = rangeStart(node) ?? keyStart ?? best;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        best = rangeStart(node) ?? best;
      } else {
        break;
      }
    }
    return position(best);
  };

  return { file, text, value, diagnostics, locate };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
