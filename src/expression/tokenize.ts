import { syntaxError } from './expression-error.js';

export type Token =
  | { type: 'number'; value: number | bigint; offset: number }
  | { type: 'string'; value: string; offset: number }
  | { type: 'name'; value: string; offset: number }
  | { type: 'punct'; value: string; offset: number }
  | { type: 'end'; offset: number };

const PUNCTUATORS = [
  '=>',
  '??',
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '?',
  ':',
  '!',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];
const MAX_LENGTH = 2000;

/** Splits an expression into tokens; offsets count from the start of `text`. */
export function tokenize(text: string): Token[] {
  if (text.length > MAX_LENGTH) throw syntaxError(`Expression is longer than ${MAX_LENGTH} characters.`, 0);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const match = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))!;
      tokens.push({ type: 'number', value: numberLiteral(match[0]), offset: i });
      i += match[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      const match = /^[A-Za-z_$][\w$]*/.exec(text.slice(i))!;
      tokens.push({ type: 'name', value: match[0], offset: i });
      i += match[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError('Unterminated string.', start, `Close it with ${ch}.`);
        const c = text[i]!;
        if (c === ch) break;
        if (c === '\\') {
          const next = text[i + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      tokens.push({ type: 'string', value, offset: start });
      continue;
    }
    // `->` is the lambda arrow of other languages (Java, Karate's JS is `=>`): say which one is ours.
    if (text.startsWith('->', i))
      throw syntaxError('Unexpected "->".', i, 'Write a lambda with "=>": filter(items, x => x.qty > 0).');
    const punct = PUNCTUATORS.find((p) => text.startsWith(p, i));
    if (!punct) throw syntaxError(`Unexpected character "${ch}".`, i);
    tokens.push({ type: 'punct', value: punct, offset: i });
    i += punct.length;
  }
  tokens.push({ type: 'end', offset: text.length });
  return tokens;
}

/** A whole-number literal beyond 2^53 keeps its digits as a bigint, as JSON bodies and YAML do. */
function numberLiteral(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) || !/^\d+$/.test(text) ? value : BigInt(text);
}
