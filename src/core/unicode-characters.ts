import { createRequire } from 'node:module';

/**
 * Names and classifies characters that a reader cannot tell apart from others: invisible
 * format characters, bidirectional controls (Trojan Source, CVE-2021-42574), control
 * characters, spaces other than U+0020, and letters of other scripts that look like Latin
 * ones (a Cyrillic "о" in "оrder.create"). Names come from the Unicode Character Database
 * through the `unicode-name` package; the look-alike table is the Latin-looking subset of
 * Unicode's confusables.txt (UTS #39) for Cyrillic, Greek and a few others.
 */

/** Why a character deserves to be named in a message. */
export type CharacterKind = 'control' | 'bidi' | 'invisible' | 'space' | 'lookalike' | 'non-ascii';

export interface UnusualCharacter {
  /** Offset of the character in the string (UTF-16 code units, as JavaScript counts). */
  index: number;
  codePoint: number;
  kind: CharacterKind;
  /** The ASCII character it is easily mistaken for, when there is one. */
  looksLike?: string;
}

// Bidirectional embedding, override and isolate controls, and the implicit marks.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Format characters (Cf) and the blank "letters" that render as nothing (Hangul fillers).
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u180E]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const SPACE = /[\p{Zs}\u0085\u2028\u2029]/u;

// Latin-looking letters of other scripts (confusables.txt, prototype in ASCII).
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'B',
  е: 'e',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ԛ: 'Q',
  Ԝ: 'W',
  Ү: 'Y',
  // Greek
  α: 'a',
  ο: 'o',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  // Armenian, Latin small capitals and dotless letters
  օ: 'o',
  ս: 'u',
  ց: 'g',
  ı: 'i',
  ȷ: 'j',
  ʏ: 'y',
  // Punctuation that passes for ASCII
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2212': '-',
  '\u2024': '.',
  '\u0589': ':',
  '\u2236': ':',
  '\u02D0': ':',
  '\uFF0E': '.',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
};

/** What a character is, for a reader: `undefined` for printable ASCII, TAB, LF and CR. */
export function classifyCharacter(codePoint: number): Omit<UnusualCharacter, 'index' | 'codePoint'> | undefined {
  if ((codePoint >= 0x20 && codePoint < 0x7f) || codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d)
    return undefined;
  const char = String.fromCodePoint(codePoint);
  if (CONTROL.test(char)) return { kind: 'control' };
  if (BIDI.test(char)) return { kind: 'bidi' };
  if (INVISIBLE.test(char)) return { kind: 'invisible' };
  if (SPACE.test(char)) return { kind: 'space', looksLike: ' ' };
  const looksLike = LOOKALIKES[char] ?? asciiCompatibility(char);
  if (looksLike !== undefined) return { kind: 'lookalike', looksLike };
  return { kind: 'non-ascii' };
}

/** Fullwidth and mathematical letters that NFKC folds onto one ASCII character. */
function asciiCompatibility(char: string): string | undefined {
  const folded = char.normalize('NFKC');
  return folded.length === 1 && folded !== char && folded >= '!' && folded <= '~' ? folded : undefined;
}

/**
 * Every character of `text` that is not printable ASCII (nor TAB, LF, CR), in order, at
 * most `limit` of them. Linear in the length of `text`.
 *
 * @example
 * unusualCharacters('оrder')[0] // { index: 0, codePoint: 0x43e, kind: 'lookalike', looksLike: 'o' }
 */
export function unusualCharacters(text: string, limit = Infinity): UnusualCharacter[] {
  const found: UnusualCharacter[] = [];
  for (let i = 0; i < text.length && found.length < limit; i++) {
    const unit = text.charCodeAt(i);
    if ((unit >= 0x20 && unit < 0x7f) || unit === 0x09 || unit === 0x0a || unit === 0x0d) continue;
    const codePoint = text.codePointAt(i)!;
    const kind = classifyCharacter(codePoint);
    if (kind) found.push({ index: i, codePoint, ...kind });
    if (codePoint > 0xffff) i++;
  }
  return found;
}

/** `text` with every look-alike folded to ASCII and every invisible character dropped. */
export function asciiSkeleton(text: string): string {
  let out = '';
  for (const char of text) {
    const kind = classifyCharacter(char.codePointAt(0)!);
    if (!kind) out += char;
    else if (kind.kind === 'lookalike' || kind.kind === 'space') out += kind.looksLike;
    else if (kind.kind === 'non-ascii') out += char;
  }
  return out;
}

type Namer = (codePoint: number) => string | undefined;
let namer: Namer | undefined;

// `unicode-name` is an ES module of 1.7 MB: it is loaded only when a message needs a name, and
// synchronously (require of an ES module, Node >= 20.19), so that loading stays synchronous.
function loadNamer(): Namer {
  if (namer) return namer;
  try {
    const module = createRequire(import.meta.url)('unicode-name') as { unicodeName: Namer };
    namer = (codePoint) => module.unicodeName(codePoint);
  } catch {
    namer = () => undefined;
  }
  return namer;
}

const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana'];

/** A description without the name database (Node < 20.19): the script and the general category. */
function describeWithoutName(char: string): string {
  const script = SCRIPTS.find((s) => new RegExp(`\\p{Script=${s}}`, 'u').test(char));
  const category = /\p{Lu}/u.test(char)
    ? 'capital letter'
    : /\p{L}/u.test(char)
      ? 'letter'
      : /\p{Cf}/u.test(char)
        ? 'format character'
        : /\p{Z}/u.test(char)
          ? 'space'
          : /\p{C}/u.test(char)
            ? 'control character'
            : 'character';
  return `(${script ? `a ${script} ` : 'a '}${category})`;
}

/**
 * The character's code point and Unicode name, as a message shows it.
 *
 * @example
 * characterName(0x435) // 'U+0435 CYRILLIC SMALL LETTER IE'
 */
export function characterName(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = loadNamer()(codePoint);
  return `${hex} ${name ?? describeWithoutName(String.fromCodePoint(codePoint))}`;
}

/**
 * `text` as a message can quote it: invisible, bidirectional, control and unusual space
 * characters written as `\u{200B}`, so that the quote shows what the file holds and cannot
 * reorder or erase the terminal's text.
 */
export function visible(text: string): string {
  let out = '';
  for (const char of text) {
    const kind = classifyCharacter(char.codePointAt(0)!);
    out +=
      kind && kind.kind !== 'lookalike' && kind.kind !== 'non-ascii'
        ? `\\u{${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`
        : char;
  }
  return out;
}

/**
 * One sentence naming the unusual characters of `text` (at most three), with their place:
 * the 1-based column when `column` is where `text` starts on its line, else the character's
 * position in `text`. `undefined` when `text` is plain ASCII.
 *
 * @example
 * describeUnusualCharacters('оrder.create', { column: 9 })
 * // '"оrder.create" has U+043E CYRILLIC SMALL LETTER O (looks like "o") at column 9.'
 */
export function describeUnusualCharacters(text: string, options: { column?: number } = {}): string | undefined {
  const found = unusualCharacters(text, 4);
  if (found.length === 0) return undefined;
  const parts = found.slice(0, 3).map((c) => {
    const like = c.looksLike !== undefined && c.looksLike !== ' ' ? ` (looks like "${c.looksLike}")` : '';
    const kind = c.kind === 'bidi' ? ', a bidirectional control,' : c.kind === 'invisible' ? ', invisible,' : '';
    const where =
      options.column !== undefined
        ? `at column ${options.column + c.index}`
        : `as character ${charNumber(text, c.index)}`;
    return `${characterName(c.codePoint)}${kind}${like} ${where}`;
  });
  const more = found.length > 3 ? ' and more' : '';
  return `"${visible(clip(text, 60))}" has ${parts.join(', ')}${more}.`;
}

function charNumber(text: string, index: number): number {
  return [...text.slice(0, index)].length + 1;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
