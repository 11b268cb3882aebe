import { CST, Document, isScalar, type ScalarTag } from './yaml-library.js';
import type { SourcePosition } from './diagnostic.js';
import { MAX_NUMERIC_SCALARS, type NumericScalar } from './numeric-scalars.js';
import { exactIntegers } from './yaml-exact-integers.js';
import { MAX_NESTING } from './yaml-limits.js';
import type { MapPlace, Place, SeqPlace } from './yaml-places.js';
import {
  emptyScalarPosition,
  isBlock,
  isFlowScalar,
  keyHasNewline,
  scanProps,
  type FlowScalar,
} from './yaml-syntax-props.js';

/** What `composeFromSyntax` builds: the file's value, where each part of it sits, its renumbered scalars. */
export interface SyntaxComposed {
  /** The plain JavaScript value, as `Document.toJS({ maxAliasCount: -1 })` gives it. */
  value: unknown;
  place: Place;
  /** As `findNumericScalars` finds them over the Document. */
  numericScalars: NumericScalar[];
}

// The composer's own schema, options and tag order (`Composer` builds its Document with these):
// a plain scalar is resolved by the first default tag whose test matches, as `composeScalar` does.
const TEMPLATE = new Document(null, { prettyErrors: false, uniqueKeys: false, merge: true, customTags: exactIntegers });
const PLAIN_TAGS = TEMPLATE.schema.tags.filter(
  (tag): tag is ScalarTag => tag.default === true && !tag.collection && tag.test !== undefined,
);
const PARSE_OPTIONS = TEMPLATE.options;

/** A key of these characters only holds no look-alike (see `unusualCharacters`). */
const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;
const LETTER = /[A-Za-z]/;
/** Mappings past this many keys find a repeated key with a set rather than a scan. */
const SCAN_KEYS = 16;

/**
 * The value, places and renumbered scalars of a parsed file built straight from the `yaml`
 * package's concrete syntax tree, without composing a Document (building the Document's nodes
 * was about a fifth of a project's load, and their garbage much of the rest). Only for the
 * plain shapes almost every file is made of: block and flow collections of scalars with
 * implicit keys, comments, one document. Returns `undefined` — compose the Document — for
 * anything else or anything the composer would object to: anchors, aliases, tags, merge keys,
 * directives and `---`, explicit keys (`?`), tabs, collection keys, repeated keys, keys with
 * characters outside ASCII, a syntax or shape problem of any kind. Scalars are resolved by the
 * package's own `CST.resolveAsScalar` and schema tags; `test/loader/yaml-syntax-path-matches-document-path.test.ts`
 * holds the answers equal to the Document path's over every shipped file, every bad-input case
 * and the fuzz corpus. No walk of the library fits: `CST.visit` gives tokens, not values, and the
 * `Composer` always builds the Document.
 *
 * `tokens` are the parser's; `position` maps an offset. Nesting past `MAX_NESTING` is refused too.
 *
 * @example
 * const tokens = [...new Parser().parse('a: [1, 2]\n')];
 * composeFromSyntax(tokens, 'a: [1, 2]\n', at)?.value; // { a: [1, 2] }
 */
export function composeFromSyntax(
  tokens: readonly CST.Token[],
  text: string,
  position: (offset: number) => SourcePosition,
): SyntaxComposed | undefined {
  // The composer's tab rules depend on where a tab sits; files with tabs take its path.
  if (text.includes('\t')) return undefined;
  let document: CST.Document | undefined;
  for (const token of tokens) {
    if (token.type === 'document' && !document) document = token;
    else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
  }
  if (!document?.value || !scanProps(document.start, true, undefined, false)) return undefined;
  for (const token of document.end ?? [])
    if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
  const composer = new SyntaxComposer(position);
  const value = composer.node(document.value);
  if (composer.failed) return undefined;
  return { value, place: composer.place, numericScalars: composer.numericScalars };
}

/** One file's walk. Each `node` call returns the value and leaves its place in `place`; `failed` ends the walk. */
class SyntaxComposer {
  failed = false;
  place: Place = 0;
  readonly numericScalars: NumericScalar[] = [];
  /** The path of the value being composed, for the numeric scalars. */
  private readonly path: Array<string | number> = [];
  private depth = 0;
  private readonly fail = (): void => {
    this.failed = true;
  };

  constructor(private readonly position: (offset: number) => SourcePosition) {}

  node(token: CST.Token): unknown {
    switch (token.type) {
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        // The caller bounds the nesting first; this walk recurses, so it keeps its own bound too.
        if (++this.depth > MAX_NESTING) return this.failure();
        const value =
          token.type === 'block-map'
            ? this.blockMap(token)
            : token.type === 'block-seq'
              ? this.blockSeq(token)
              : this.flowCollection(token);
        this.depth--;
        return value;
      }
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token, false);
      default:
        this.failed = true;
        return null;
    }
  }

  private scalar(token: FlowScalar | CST.BlockScalar, atKey: boolean): unknown {
    const resolved = CST.resolveAsScalar(token, true, this.fail);
    this.place = token.offset;
    if (token.type !== 'scalar') return resolved.value;
    const source = resolved.value;
    let tag: ScalarTag | undefined;
    for (const candidate of PLAIN_TAGS)
      if (candidate.test!.test(source)) {
        tag = candidate;
        break;
      }
    if (!tag) return source;
    let value: unknown;
    try {
      const result: unknown = tag.resolve(source, this.fail, PARSE_OPTIONS);
      value = isScalar(result) ? result.value : result;
    } catch {
      this.failed = true;
      return null;
    }
    if (
      !atKey &&
      (typeof value === 'number' || typeof value === 'bigint') &&
      String(value) !== source &&
      this.numericScalars.length < MAX_NUMERIC_SCALARS
    )
      this.numericScalars.push({ path: [...this.path], text: source, value, at: this.position(token.offset) });
    return value;
  }

  private empty(offset: number, before: readonly CST.SourceToken[]): null {
    this.place = emptyScalarPosition(offset, before);
    return null;
  }

  private blockMap(map: CST.BlockMap): Record<string, unknown> | null {
    const value: Record<string, unknown> = {};
    const place: MapPlace = { start: map.offset, keys: [], keyStarts: [], values: [] };
    const seen = map.items.length > SCAN_KEYS ? new Set<string>() : undefined;
    // The least the composer's running offset can be: it refuses a key more than 1,024
    // characters before its ":" (KEY_OVER_1024_CHARS).
    let keyFloor = map.offset;
    for (let i = 0; i < map.items.length; i++) {
      const { start, key, sep, value: valueToken } = map.items[i]!;
      const keyProps = scanProps(start, true, undefined, false);
      if (!keyProps) return this.failure();
      if (!sep) {
        // A comment after the last pair; anywhere else, or with a key, something the composer names.
        if (key || valueToken || i !== map.items.length - 1) return this.failure();
        continue;
      }
      if (!key || !isFlowScalar(key) || key.indent !== map.indent || keyHasNewline(key)) return this.failure();
      const valueProps = scanProps(sep, false, 'map-value-ind', false);
      if (!valueProps?.found || valueProps.newlineBeforeFound) return this.failure();
      if (valueToken?.type === 'block-map' && !valueProps.hasNewline) return this.failure();
      if ((start.length ? keyProps.end : keyFloor) < valueProps.found.offset - 1024) return this.failure();
      if (!this.pair(value, place, seen, key, valueToken, valueProps.end, sep)) return null;
      keyFloor = startOf(this.place);
    }
    this.place = place;
    return value;
  }

  private blockSeq(seq: CST.BlockSequence): unknown[] | null {
    const value: unknown[] = [];
    const place: SeqPlace = { start: seq.offset, items: [] };
    for (let i = 0; i < seq.items.length; i++) {
      const { start, value: itemToken } = seq.items[i]!;
      const props = scanProps(start, true, 'seq-item-ind', false);
      if (!props) return this.failure();
      if (!props.found) {
        if (itemToken || i !== seq.items.length - 1) return this.failure();
        continue;
      }
      this.path.push(value.length);
      const item = itemToken ? this.node(itemToken) : this.empty(props.end, start);
      this.path.pop();
      if (this.failed) return null;
      value.push(item);
      place.items.push(this.place);
    }
    this.place = place;
    return value;
  }

  private flowCollection(flow: CST.FlowCollection): unknown[] | Record<string, unknown> | null {
    const isMap = flow.start.source === '{';
    const map: Record<string, unknown> = {};
    const list: unknown[] = [];
    const mapPlace: MapPlace = { start: flow.offset, keys: [], keyStarts: [], values: [] };
    const listPlace: SeqPlace = { start: flow.offset, items: [] };
    const seen = isMap && flow.items.length > SCAN_KEYS ? new Set<string>() : undefined;
    for (let i = 0; i < flow.items.length; i++) {
      const { start, key, sep, value: valueToken } = flow.items[i]!;
      const props = scanProps(start, false, undefined, true);
      if (!props) return this.failure();
      if (!sep && !valueToken) {
        // Only a trailing comma (`[a, b, ]`) is an empty item the composer lets pass.
        if (key || (i === 0 && props.comma) || i < flow.items.length - 1) return this.failure();
        continue;
      }
      if (i === 0 ? props.comma : !props.comma) return this.failure();
      if (!isMap) {
        if (sep || key || !valueToken || isBlock(valueToken)) return this.failure();
        this.path.push(list.length);
        const item = this.node(valueToken);
        this.path.pop();
        if (this.failed) return null;
        list.push(item);
        listPlace.items.push(this.place);
        continue;
      }
      if (!key || !sep || !isFlowScalar(key) || keyHasNewline(key) || isBlock(valueToken)) return this.failure();
      const valueProps = scanProps(sep, false, 'map-value-ind', true);
      if (!valueProps?.found || valueProps.comma || valueProps.newlineBeforeFound) return this.failure();
      if (!this.pair(map, mapPlace, seen, key, valueToken, valueProps.end, sep)) return null;
    }
    const close = flow.end[0];
    if (close?.source !== (isMap ? '}' : ']')) return this.failure();
    // `resolveEnd` after the bracket: spaces, newlines and comments after a space.
    let hasSpace = false;
    for (let i = 1; i < flow.end.length; i++) {
      const token = flow.end[i]!;
      if (token.type === 'space' || token.type === 'newline') hasSpace = true;
      else if (token.type !== 'comment' || !hasSpace) return this.failure();
    }
    this.place = isMap ? mapPlace : listPlace;
    return isMap ? map : list;
  }

  /**
   * One key and its value (`valueToken`, else empty after the `sep` tokens ending at `end`) into
   * `target` as `toJS` adds them (a key the object already answers, such as `__proto__`, is
   * defined as an own property). False when the walk failed, or the key is one the Document path
   * must look at: repeated, a merge key, or written with characters outside ASCII.
   */
  private pair(
    target: Record<string, unknown>,
    place: MapPlace,
    seen: Set<string> | undefined,
    key: FlowScalar,
    valueToken: CST.Token | undefined,
    end: number,
    sep: readonly CST.SourceToken[],
  ): boolean {
    const keyValue = this.scalar(key, true);
    if (this.failed) return false;
    const name = String(keyValue);
    const jsKey = keyValue === null ? '' : name;
    const repeated = seen ? seen.has(name) : place.keys.includes(name);
    if (
      repeated ||
      name === '<<' ||
      Object.hasOwn(target, jsKey) ||
      (!PRINTABLE_ASCII.test(name) && LETTER.test(name))
    ) {
      this.failed = true;
      return false;
    }
    seen?.add(name);
    this.path.push(name);
    const value = valueToken ? this.node(valueToken) : this.empty(end, sep);
    this.path.pop();
    if (this.failed) return false;
    if (jsKey in target)
      Object.defineProperty(target, jsKey, { value, writable: true, enumerable: true, configurable: true });
    else target[jsKey] = value;
    place.keys.push(name);
    place.keyStarts.push(key.offset);
    place.values.push(this.place);
    return true;
  }

  private failure(): null {
    this.failed = true;
    return null;
  }
}

function startOf(place: Place): number {
  return typeof place === 'number' ? place : place.start;
}
