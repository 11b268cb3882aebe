import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from './yaml-library.js';
import type { SourcePosition } from './diagnostic.js';
import { MAX_NUMERIC_SCALARS, type NumericScalar } from './numeric-scalars.js';

type Segment = string | number;

/**
 * The plain scalars of `document` that became numbers with a different text, in document order,
 * at most `MAX_NUMERIC_SCALARS`. Aliases are not followed (their values are reported where the
 * anchor is); merge keys (`<<`) are skipped. Iterative: the nesting is bounded by the caller.
 */
export function findNumericScalars(
  document: Document.Parsed,
  position: (offset: number) => SourcePosition,
): NumericScalar[] {
  const found: NumericScalar[] = [];
  const root = document.contents as Node | null;
  if (!root) return found;
  const stack: Array<[Node, Segment[]]> = [[root, []]];
  while (stack.length && found.length < MAX_NUMERIC_SCALARS) {
    const [node, path] = stack.pop()!;
    if (isAlias(node)) continue;
    if (isScalar(node)) {
      const scalar = numericScalar(node);
      if (scalar) found.push({ path, ...scalar, at: position(node.range?.[0] ?? 0) });
      continue;
    }
    const children: Array<[Node, Segment[]]> = [];
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !pair.value) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (key === '<<') continue;
        children.push([pair.value as Node, [...path, key]]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (item && typeof item === 'object') children.push([item as Node, [...path, index]]);
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

function numericScalar(node: {
  type?: string;
  source?: string;
  value: unknown;
}): Omit<NumericScalar, 'path' | 'at'> | undefined {
  if (node.type !== 'PLAIN' || typeof node.source !== 'string') return undefined;
  const { value } = node;
  if (typeof value !== 'number' && typeof value !== 'bigint') return undefined;
  const text = node.source;
  return String(value) === text ? undefined : { text, value };
}
