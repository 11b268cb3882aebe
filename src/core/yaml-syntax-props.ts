import type { CST } from './yaml-library.js';

// The composer's reading of the tokens around keys, items and values, for `composeFromSyntax`:
// what it accepts, and where it puts what it finds.

/** What the composer's `resolveProps` learns from the tokens before a key, an item or a value. */
export interface Props {
  /** The indicator looked for (`:` or `-`), when present. */
  found: CST.SourceToken | undefined;
  comma: boolean;
  hasNewline: boolean;
  newlineBeforeFound: boolean;
  /** The offset after the last token (-1 when there is none). */
  end: number;
}

/**
 * `resolveProps` for the tokens this path accepts (spaces, newlines, comments, one `indicator`,
 * one comma in a flow collection); `undefined` for any other token or for what it reports.
 */
export function scanProps(
  tokens: readonly CST.SourceToken[],
  startOnNewline: boolean,
  indicator: string | undefined,
  flow: boolean,
): Props | undefined {
  const props: Props = { found: undefined, comma: false, hasNewline: false, newlineBeforeFound: false, end: -1 };
  let hasSpace = startOnNewline;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        hasSpace = true;
        break;
      case 'newline':
        hasSpace = true;
        props.hasNewline = true;
        if (!props.found) props.newlineBeforeFound = true;
        break;
      case 'comment':
        if (!hasSpace) return undefined;
        break;
      case 'comma':
        if (!flow || props.comma) return undefined;
        props.comma = true;
        hasSpace = false;
        break;
      default:
        if (token.type !== indicator || props.found) return undefined;
        props.found = token;
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  if (last) props.end = last.offset + last.source.length;
  return props;
}

export type FlowScalar = CST.FlowScalar;

export const isFlowScalar = (token: CST.Token): token is FlowScalar =>
  token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
export const isBlock = (token: CST.Token | undefined): boolean =>
  token?.type === 'block-map' || token?.type === 'block-seq';

/** `containsNewline` of the composer, for a scalar key. */
export function keyHasNewline(key: FlowScalar): boolean {
  return key.source.includes('\n') || (key.end?.some((token) => token.type === 'newline') ?? false);
}

/**
 * Where the composer puts an empty value (`key:` with nothing after it): after the last token
 * before it that is not space, newline or comment, and after the spaces that follow that token
 * (the `yaml` package's `emptyScalarPosition`, which it does not export).
 */
export function emptyScalarPosition(offset: number, before: readonly CST.SourceToken[]): number {
  for (let i = before.length - 1; i >= 0; --i) {
    const token = before[i]!;
    if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
      offset -= token.source.length;
      continue;
    }
    for (let next = before[++i]; next?.type === 'space'; next = before[++i]) offset += next.source.length;
    break;
  }
  return offset;
}
