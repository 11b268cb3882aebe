import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node,
  type Pair,
  YAMLParseError,
  type YAMLMap,
} from './yaml-library.js';
import type { Diagnostic, SourcePosition } from './diagnostic.js';
import { findNumericScalars } from './find-numeric-scalars.js';
import type { NumericScalar } from './numeric-scalars.js';
import { characterName, unusualCharacters } from './unicode-characters.js';
import { composeFromSyntax, type SyntaxComposed } from './yaml-compose-from-syntax.js';
import { exactIntegers } from './yaml-exact-integers.js';
import { MAX_EXPANDED_VALUES, MAX_FILE_DIAGNOSTICS, MAX_NESTING } from './yaml-limits.js';
import { placeLocator } from './yaml-places.js';

/** A parsed YAML file that still knows where every value came from. */
export interface YamlSource {
  file: string;
  /** The text as parsed (without a leading byte order mark). */
  text: string;
  /** The plain JavaScript value (undefined when the YAML could not be parsed). */
  value: unknown;
  /** Syntax and shape problems (YAML errors, duplicate keys, alias cycles, nesting, look-alike keys). */
  diagnostics: Diagnostic[];
  /**
   * Position of the value at `path`; with `key: true`, of the map key naming it.
   * Falls back to the closest existing ancestor when the path does not exist.
   */
  locate(path: ReadonlyArray<string | number>, options?: { key?: boolean }): SourcePosition;
  /** Unquoted scalars read as numbers whose text changed (`02134` → 2134); see `findNumericScalars`. */
  numericScalars?: NumericScalar[];
  /**
   * Lets go of the syntax tree that `locate` reads, most of a parsed file's memory: for a
   * loader holding many files once their eager checks are done. A later `locate` (a problem
   * found late) parses the text again.
   */
  compact?(): void;
}

type Segment = string | number;

/** A key of these characters only holds no look-alike (see `unusualCharacters`). */
const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/** Mappings up to this many keys are searched by a scan in `locate`; larger ones get an index. */
const SCAN_KEYS = 16;

/**
 * Parses YAML with the `yaml` package, keeping source ranges so that every later problem can
 * point at file:line:col — and refusing, before anything walks the value, the shapes that
 * crash or stall a walker, each at its first offender:
 * - `REHEARSE_NESTING_TOO_DEEP`: collections nested more than `MAX_NESTING` levels (checked on
 *   the concrete syntax tree, whose parser keeps its own stack, before composing, which recurses);
 * - `REHEARSE_YAML_ALIAS_CYCLE`: an alias inside the node its anchor names (`a: &a [*a]`);
 * - `REHEARSE_YAML_UNKNOWN_ALIAS`: an alias with no anchor before it;
 * - `REHEARSE_YAML_ALIAS_EXPANSION`: aliases that expand the file past `MAX_EXPANDED_VALUES`
 *   values ("billion laughs");
 * - `REHEARSE_YAML_DUPLICATE_KEY`: a key twice in one mapping (found with one set per mapping:
 *   the parser's own check is quadratic);
 * - `REHEARSE_TEXT_LOOKALIKE_CHARACTER`: a key that mixes ASCII letters with a look-alike or an
 *   unusual space (`stаtus` with a Cyrillic "а"), named with its column;
 * - `REHEARSE_YAML_SYNTAX`: the first syntax error (later ones are mostly echoes of it).
 * Every walk here is iterative. At most `MAX_FILE_DIAGNOSTICS` problems are listed; one more
 * diagnostic (`REHEARSE_TOO_MANY_PROBLEMS`) counts the rest.
 *
 * Most files are plain (no anchors, tags, merge keys or problems): their value and positions
 * are built from the syntax tree without a Document (`composeFromSyntax`, about a third cheaper
 * per file); every other file composes the Document. Both give the same answers
 * (`test/loader/yaml-syntax-path-matches-document-path.test.ts`); `viaDocument` forces the Document.
 *
 * @example
 * const src = parseYamlSource('a.yaml', 'steps:\n  - do: x\n');
 * src.locate(['steps', 0, 'do']); // { file: 'a.yaml', line: 2, column: 9 }
 */
export function parseYamlSource(file: string, input: string, options: ParseYamlOptions = {}): YamlSource {
  // Editors hide a byte order mark; dropping it keeps line 1's columns as the user sees them.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lineCounter = new LineCounter();
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  return quietly(() => parseBounded(file, text, lineCounter, position, options.viaDocument === true));
}

/** How `parseYamlSource` builds the value. */
export interface ParseYamlOptions {
  /**
   * Always compose a Document, even for a file the syntax path would take (see
   * `composeFromSyntax`): the reference the equivalence test compares that path with. Default false.
   */
  viaDocument?: boolean;
}

/** Runs `parse` (synchronous) with the settings that keep the `yaml` package fast. */
function quietly<T>(parse: () => T): T {
  // The parser builds an Error for every bad token (a megabyte of "}}" makes hundreds of
  // thousands); capturing their stack traces, which nobody reads, was most of the time.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  // The parser reads process.env.LOG_TOKENS once per token (a debugging switch), and each read
  // of process.env asks the operating system's environment: about a third of the parse. For
  // this synchronous call, process.env is a plain object holding only yaml's two switches.
  const env = process.env;
  process.env = yamlSwitches(env);
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = traceLimit;
    process.env = env;
  }
}

/** The environment variables the `yaml` package reads while parsing (its debug logs), as they are set. */
function yamlSwitches(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const switches: NodeJS.ProcessEnv = {};
  for (const name of ['LOG_TOKENS', 'LOG_STREAM']) if (env[name] !== undefined) switches[name] = env[name];
  return switches;
}

function parseBounded(
  file: string,
  text: string,
  lineCounter: LineCounter,
  position: (offset: number) => SourcePosition,
  viaDocument: boolean,
): YamlSource {
  const diagnostics: Diagnostic[] = [];
  const cst = parseConcreteSyntax(text, lineCounter);
  // The syntax path keeps the same nesting bound: a file it takes needs no walk for depth.
  const plain = viaDocument || cst.tooDeepAt !== undefined ? undefined : composeFromSyntax(cst.tokens, text, position);
  if (plain) return fromSyntax(file, text, plain, position);
  const tooDeep = cst.tooDeepAt ?? firstTooDeep(cst.tokens);
  if (tooDeep !== undefined) {
    diagnostics.push(nestingProblem(position(tooDeep)));
    return { file, text, value: undefined, diagnostics, locate: () => position(0) };
  }

  const document = compose(cst.tokens, text.length);
  const syntax = document.errors[0];
  if (syntax) {
    diagnostics.push({
      code: 'REHEARSE_YAML_SYNTAX',
      message: firstLine(syntax.message),
      ...position(syntax.pos[0]),
      expected: 'valid YAML',
      hint: 'Check indentation, unclosed quotes or brackets, and that "key: value" pairs have a space after the colon.',
    });
  }
  const shape = syntax ? { aliases: new Map<Node, Node>(), problems: [] } : checkShape(document, text, position);
  diagnostics.push(...bounded(shape.problems, file));

  let value: unknown;
  if (diagnostics.length === 0) {
    try {
      // Aliases are bounded above; the parser's own guard (maxAliasCount) counts differently.
      value = document.toJS({ maxAliasCount: -1 });
    } catch (error) {
      diagnostics.push({
        code: 'REHEARSE_YAML_SYNTAX',
        message: error instanceof Error ? firstLine(error.message) : String(error),
        ...position(0),
        expected: 'valid YAML',
      });
    }
  }

  const numericScalars = diagnostics.length === 0 ? findNumericScalars(document, position) : [];
  // The syntax tree is most of a parsed file's memory: `compact` lets it go, and a `locate`
  // after that (a diagnostic found later) parses the text again.
  let locateIn: Locate | undefined = syntaxLocator(document, shape.aliases, position);
  const reparsed = (): Locate =>
    quietly(() => {
      const again = compose(parseConcreteSyntax(text, new LineCounter()).tokens, text.length);
      return syntaxLocator(again, checkShape(again, text, position).aliases, position);
    });
  return {
    file,
    text,
    value,
    diagnostics,
    locate: (path, options) => (locateIn ??= reparsed())(path, options),
    compact: () => {
      locateIn = undefined;
    },
    numericScalars,
  };
}

type Locate = YamlSource['locate'];

/** A file the syntax path composed: no problems (it takes only clean files), places for `locate`. */
function fromSyntax(
  file: string,
  text: string,
  composed: SyntaxComposed,
  position: (offset: number) => SourcePosition,
): YamlSource {
  let locateIn: Locate | undefined = placeLocator(composed.place, position);
  // After `compact`, a late `locate` parses again, by the same path (held equal to the Document's).
  const reparsed = (): Locate => parseYamlSource(file, text).locate;
  return {
    file,
    text,
    value: composed.value,
    diagnostics: [],
    locate: (path, options) => (locateIn ??= reparsed())(path, options),
    compact: () => {
      locateIn = undefined;
    },
    numericScalars: composed.numericScalars,
  };
}

/** `YamlSource.locate` over a composed document (`aliases`: each alias and the node it names). */
function syntaxLocator(
  document: Document.Parsed,
  aliases: ReadonlyMap<Node, Node>,
  position: (offset: number) => SourcePosition,
): Locate {
  const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    // A scan finds a key of a small mapping sooner than building an index would.
    if (map.items.length <= SCAN_KEYS) return map.items.find((item) => isPair(item) && keyText(item.key) === key);
    let index = pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items)
        if (isPair(item) && !index.has(keyText(item.key))) index.set(keyText(item.key), item);
      pairIndex.set(map, index);
    }
    return index.get(key);
  };
  const locate = (path: readonly Segment[], options: { key?: boolean } = {}): SourcePosition => {
    let node: unknown = document.contents;
    let best: number = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isAlias(node)) node = aliases.get(node) ?? node;
      if (isMap(node)) {
        const pair = pairOf(node, String(segment));
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
  return locate;
}

/**
 * The concrete syntax tree, lexeme by lexeme (as the parser's own `parse` does), stopping as
 * soon as the parser's stack of open nodes passes the nesting bound: in some broken shapes
 * the parser closes its open nodes recursively, and a deep enough stack overflows the call stack.
 */
function parseConcreteSyntax(text: string, lineCounter: LineCounter): { tokens: CST.Token[]; tooDeepAt?: number } {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  try {
    for (const lexeme of new Lexer().lex(text)) {
      for (const token of parser.next(lexeme)) tokens.push(token);
      if (parser.stack.length > MAX_NESTING) {
        const open = parser.stack.filter(
          (t) => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection',
        );
        if (open.length > MAX_NESTING) return { tokens, tooDeepAt: open[MAX_NESTING]!.offset };
      }
    }
    for (const token of parser.end()) tokens.push(token);
  } catch (error) {
    if (error instanceof RangeError) return { tokens, tooDeepAt: parser.offset };
    throw error;
  }
  return { tokens };
}

function compose(tokens: CST.Token[], length: number): Document.Parsed {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, merge: true, customTags: exactIntegers });
  let document: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!document) document = next;
    else {
      document.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          'MULTIPLE_DOCS',
          'Found a second YAML document (after "---"); a Rehearse file holds one.',
        ),
      );
      break;
    }
  }
  return document!;
}

function nestingProblem(at: SourcePosition): Diagnostic {
  return {
    code: 'REHEARSE_NESTING_TOO_DEEP',
    message: `Failed to read the file: values are nested more than ${MAX_NESTING} levels deep here.`,
    ...at,
    expected: `at most ${MAX_NESTING} levels of nested lists and mappings`,
    hint: 'Flatten the structure; no Rehearse file needs that depth.',
  };
}

/** Offset of the first collection nested deeper than MAX_NESTING in the concrete syntax tree. */
function firstTooDeep(tokens: readonly CST.Token[]): number | undefined {
  // Two parallel stacks (token, depth), children pushed last-first: every file is walked.
  const stack: CST.Token[] = [];
  const depths: number[] = [];
  const push = (token: CST.Token, depth: number) => {
    stack.push(token);
    depths.push(depth);
  };
  for (let i = tokens.length - 1; i >= 0; i--) push(tokens[i]!, 0);
  while (stack.length) {
    const token = stack.pop()!;
    const depth = depths.pop()!;
    if (token.type === 'document') {
      if (token.value) push(token.value, depth);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (let i = token.items.length - 1; i >= 0; i--) {
      const { key, value } = token.items[i]!;
      if (value) push(value, depth + 1);
      if (key) push(key, depth + 1);
    }
  }
  return undefined;
}

interface Shape {
  /** Each alias and the node its anchor names. */
  aliases: Map<Node, Node>;
  problems: Diagnostic[];
}

interface Frame {
  node: Node;
  depth: number;
  /** Expanded values below this node, and the height of its subtree, summed as children close. */
  size: number;
  height: number;
  children: Node[] | undefined;
  next: number;
}

/**
 * One iterative depth-first walk in document order: anchors are recorded as their node opens,
 * so an alias that names a node still open is a cycle, and one that names a closed node gets
 * that node's expanded size and height. Only anchored nodes are kept open and measured: an
 * alias can name no other (most files have no anchor at all).
 */
function checkShape(document: Document.Parsed, text: string, position: (offset: number) => SourcePosition): Shape {
  const problems: Diagnostic[] = [];
  const aliases = new Map<Node, Node>();
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  const measured = new WeakMap<Node, { size: number; height: number }>();
  let expanded = 0;
  let expansionReported = false;
  const root = document.contents as Node | null;
  if (!root) return { aliases, problems };
  const stack: Frame[] = [];
  const enter = (node: Node, depth: number) => {
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isAlias(node)) {
      const at = position(node.range?.[0] ?? 0);
      const target = anchors.get(node.source);
      let size = 1;
      let height = 0;
      if (!target) {
        problems.push({
          code: 'REHEARSE_YAML_UNKNOWN_ALIAS',
          message: `The alias *${node.source} refers to no anchor: &${node.source} must be defined before it.`,
          ...at,
          hint: `Define "&${node.source}" on a value above this line, or remove the alias.`,
        });
      } else if (open.has(target)) {
        // The anchor is written before its node (`key: &name` ends the line above a block mapping).
        const nodeStart = target.range?.[0] ?? 0;
        const anchorOffset = text.lastIndexOf(`&${node.source}`, nodeStart);
        const anchorAt = position(anchorOffset >= 0 ? anchorOffset : nodeStart);
        problems.push({
          code: 'REHEARSE_YAML_ALIAS_CYCLE',
          message: `The alias *${node.source} refers to a node that contains it (the anchor &${node.source} at line ${anchorAt.line}), so the value would contain itself forever.`,
          ...at,
          hint: `Replace *${node.source} with the value it should hold, or anchor a smaller part of the file.`,
        });
      } else {
        aliases.set(node, target);
        ({ size, height } = measured.get(target) ?? { size: 1, height: 0 });
        if (depth + height > MAX_NESTING) problems.push(nestingProblem(at));
      }
      finish(node, size, height);
      return;
    }
    let children: Node[] | undefined;
    if (isMap(node)) {
      children = [];
      const keys = new Map<string, Node>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (key) {
          children.push(key);
          if (isScalar(key)) checkKey(key, keys, text, position, problems);
        }
        if (pair.value) children.push(pair.value as Node);
      }
    } else if (isSeq(node)) {
      children = node.items.filter((item): item is Node => item !== null && typeof item === 'object');
    }
    if (children) {
      if (anchor) open.add(node);
      stack.push({ node, depth, size: 1, height: 1, children, next: 0 });
    } else finish(node, 1, 0);
  };
  const finish = (node: Node, size: number, height: number) => {
    if ((node as { anchor?: string }).anchor) measured.set(node, { size, height });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += size;
      parent.height = Math.max(parent.height, height + 1);
    }
    if (isAlias(node)) {
      expanded += size;
      if (expanded > MAX_EXPANDED_VALUES && !expansionReported) {
        expansionReported = true;
        problems.push({
          code: 'REHEARSE_YAML_ALIAS_EXPANSION',
          message: `The aliases of this file expand it to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values (each alias is a full copy of its anchor's value).`,
          ...position(node.range?.[0] ?? 0),
          hint: 'Write the values out, or use fewer levels of aliases of aliases.',
        });
      }
    }
  };

  enter(root, 1);
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const child = frame.children![frame.next++];
    if (child !== undefined) {
      enter(child, frame.depth + 1);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    finish(frame.node, frame.size, frame.height);
  }
  return { aliases, problems };
}

/** Duplicate keys (as JavaScript will see them) and keys that mix ASCII with look-alikes. */
function checkKey(
  key: Node,
  keys: Map<string, Node>,
  text: string,
  position: (offset: number) => SourcePosition,
  problems: Diagnostic[],
): void {
  const name = keyText(key);
  const start = key.range?.[0] ?? 0;
  const first = keys.get(name);
  if (name === '<<' && (key as { source?: string }).source === '<<') return;
  if (first) {
    const firstAt = position(first.range?.[0] ?? 0);
    problems.push({
      code: 'REHEARSE_YAML_DUPLICATE_KEY',
      message: `Duplicate key "${clip(name)}" (first at line ${firstAt.line}, column ${firstAt.column}).`,
      ...position(start),
      expected: 'each key once per mapping',
      hint: 'Remove or rename one of the duplicate keys: YAML keeps only one of them.',
    });
  } else keys.set(name, key);
  if (PRINTABLE_ASCII.test(name) || !/[A-Za-z]/.test(name)) return;
  const suspicious = unusualCharacters(name, 8).find((c) => c.kind === 'lookalike' || c.kind === 'space');
  if (!suspicious) return;
  // Where the character sits in the file: the key's source text starts at `start` (after a quote).
  const raw = text.slice(start, start + name.length + 2);
  const shift = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  const at = position(start + shift + suspicious.index);
  problems.push({
    code: 'REHEARSE_TEXT_LOOKALIKE_CHARACTER',
    message: `The key "${clip(name)}" has ${characterName(suspicious.codePoint)} at column ${at.column}${suspicious.looksLike && suspicious.looksLike !== ' ' ? `, which looks like "${suspicious.looksLike}"` : suspicious.kind === 'space' ? ', which looks like a space' : ''}.`,
    ...at,
    expected: 'a key written in one script',
    hint: `Retype the key${suspicious.looksLike ? ` with "${suspicious.looksLike}"` : ''}; look-alike characters usually come from copying text out of a document or chat.`,
  });
}

function bounded(problems: Diagnostic[], file: string): Diagnostic[] {
  const withFile = problems.map((p) => ({ ...p, file }));
  if (withFile.length <= MAX_FILE_DIAGNOSTICS) return withFile;
  const rest = withFile.length - MAX_FILE_DIAGNOSTICS;
  const firstRest = withFile[MAX_FILE_DIAGNOSTICS]!;
  return [
    ...withFile.slice(0, MAX_FILE_DIAGNOSTICS),
    {
      code: 'REHEARSE_TOO_MANY_PROBLEMS',
      message: `… and ${rest.toLocaleString('en-US')} more problems in this file (${firstRest.code} and others), not listed one by one.`,
      file,
      line: firstRest.line,
      column: firstRest.column,
    },
  ];
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
