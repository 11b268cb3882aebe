import type { Diagnostic } from './diagnostic.js';
import { lineIndex } from './line-index.js';
import { MAX_NESTING } from './yaml-limits.js';

/** A parsed JSON file; `value` is undefined when it has problems. */
export interface JsonSource {
  file: string;
  text: string;
  value: unknown;
  diagnostics: Diagnostic[];
}

interface Problem {
  offset: number;
  code: string;
  message: string;
  hint?: string;
}

/**
 * Parses a JSON file (RFC 8259) with a position on every problem: the first syntax error
 * (`REHEARSE_JSON_SYNTAX`, which `JSON.parse` reports without a line), a value nested more than
 * `MAX_NESTING` deep (`REHEARSE_NESTING_TOO_DEEP`: later walkers recurse), and duplicate
 * member names (`REHEARSE_JSON_DUPLICATE_KEY`: `JSON.parse` keeps the last one silently).
 * One linear pass with an explicit stack: no input can overflow the call stack.
 *
 * @example
 * parseJsonSource('schemas/data/Order.schema.json', '{"type": }').diagnostics[0].line // 1
 */
export function parseJsonSource(file: string, text: string): JsonSource {
  const problems = scan(text);
  if (problems.length) {
    const index = lineIndex(text);
    const diagnostics = problems.map((p): Diagnostic => ({
      code: p.code,
      message: p.message,
      file,
      ...index.position(p.offset),
      ...(p.hint ? { hint: p.hint } : {}),
    }));
    return { file, text, value: undefined, diagnostics };
  }
  return { file, text, value: JSON.parse(text) as unknown, diagnostics: [] };
}

const MAX_DUPLICATES = 100;

function scan(text: string): Problem[] {
  const problems: Problem[] = [];
  // One frame per open container: its kind, and for objects the names seen so far.
  const stack: Array<{ kind: 'object' | 'array'; names?: Set<string> }> = [];
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const fail = (message: string, at = i): Problem[] => {
    const found = at >= text.length ? 'the end of the file' : JSON.stringify(text[at]);
    problems.push({
      offset: Math.min(at, text.length),
      code: 'REHEARSE_JSON_SYNTAX',
      message: `Invalid JSON: ${message}, found ${found}.`,
      hint: 'JSON has no comments, no trailing commas and only double-quoted names and strings.',
    });
    return problems;
  };
  const string = (): string | undefined => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return void fail('expected four hex digits after \\u', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return void fail('expected an escape such as \\n or \\"', i + 1);
      } else if (c < 0x20) return void fail('expected the string to close before the line ends', i);
      else i++;
    }
    return void fail('expected a closing "', i);
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

  // Each turn reads one value, then closes finished containers and reads separators.
  for (;;) {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_NESTING) {
        problems.push({
          offset: i,
          code: 'REHEARSE_NESTING_TOO_DEEP',
          message: `Failed to read the file: values are nested more than ${MAX_NESTING} levels deep here.`,
          hint: 'Flatten the structure; no Rehearse file needs that depth.',
        });
        return problems;
      }
      i++;
      ws();
      if (c === '{') {
        stack.push({ kind: 'object', names: new Set() });
        if (text[i] === '}') i++;
        else if (!member()) return problems;
        else continue;
      } else {
        stack.push({ kind: 'array' });
        if (text[i] === ']') i++;
        else continue;
      }
      stack.pop();
    } else if (c === '"') {
      if (string() === undefined) return problems;
    } else if (c !== undefined && (c === '-' || (c >= '0' && c <= '9'))) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return fail('expected a number');
      i = NUMBER.lastIndex;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return fail('expected a value');

    // After a value: close containers, or move to the next element.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (!top) {
        if (i < text.length) return fail('expected the end of the file after the value');
        return problems;
      }
      const close = top.kind === 'object' ? '}' : ']';
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      if (text[i] !== ',') return fail(`expected "," or "${close}"`);
      i++;
      ws();
      if (top.kind === 'object' && !member()) return problems;
      break;
    }
  }

  // Reads `"name" :` inside the object on top of the stack; false after a problem.
  function member(): boolean {
    const frame = stack[stack.length - 1]!;
    if (text[i] !== '"') {
      fail('expected a double-quoted member name');
      return false;
    }
    const at = i;
    const name = string();
    if (name === undefined) return false;
    if (frame.names!.has(name)) {
      if (problems.length < MAX_DUPLICATES) {
        problems.push({
          offset: at,
          code: 'REHEARSE_JSON_DUPLICATE_KEY',
          message: `Duplicate member name ${JSON.stringify(name)} in this object (JSON.parse would keep only the last).`,
          hint: 'Remove or rename one of them.',
        });
      }
    } else frame.names!.add(name);
    ws();
    if (text[i] !== ':') {
      fail('expected ":" after the member name');
      return false;
    }
    i++;
    return true;
  }
}
