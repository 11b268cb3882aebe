// Seeded mutations of the shipped project's files, for the fuzzers. Each mutation is a pure
// function of (seed, case index, file, original bytes), so a failing case replays from its seed.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { copyShippedProjectWithoutPages } from '../../helpers/shipped-project.js';

import type { Random } from '../../helpers/seeded-random.js';

export { random, type Random } from '../../helpers/seeded-random.js';

/** A copy of the shipped project without its page objects (node_modules and dist linked), for mutants to be written into. */
export function copyShippedProject(repo: string): string {
  const root = mkdtempSync(join(tmpdir(), 'rehearse-fuzz-'));
  copyShippedProjectWithoutPages(repo, root);
  return root;
}

/** Every user file of the shipped project (YAML and JSON), relative, `/`-separated. */
export function userFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (
        /\.(ya?ml|json)$/.test(name) &&
        !/^schemas\/[^/]+\.json$/.test(relative(root, full).split(sep).join('/'))
      )
        out.push(relative(root, full).split(sep).join('/'));
    }
  };
  for (const dir of ['scenarios', 'tenant-profiles', 'edi', 'schemas/data', 'virtual-services']) walk(join(root, dir));
  out.push('rehearse.config.yaml');
  return out.sort();
}

export interface Mutation {
  bytes: Buffer;
  /** What was done, in words a reader can replay by hand. */
  description: string;
}

type Operator = (rng: Random, text: string, bytes: Buffer) => Mutation;

const LOOKALIKES: Array<[string, string]> = [
  ['o', '\u043e'],
  ['a', '\u0430'],
  ['e', '\u0435'],
  ['c', '\u0441'],
  ['p', '\u0440'],
  ['o', '\u03bf'],
  ['i', '\u0456'],
];
const INVISIBLES = ['\u200b', '\u00a0', '\u202e', '\ufeff', '\u0000', '\u0085', '\u001b', '\u2028', '\u200d', '\u2066'];
const SCALARS = [
  '123',
  '-1',
  'true',
  'null',
  '[]',
  '{}',
  '"str"',
  '1e999',
  '0x1F',
  '.inf',
  '~',
  '2026-01-01',
  '9'.repeat(30),
];

const lines = (text: string) => text.split('\n');
const text = (mutated: string, description: string): Mutation => ({ bytes: Buffer.from(mutated, 'utf8'), description });
const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

const OPERATORS: Record<string, Operator> = {
  deleteLine(rng, t) {
    const l = lines(t);
    const i = rng.int(0, l.length - 1);
    l.splice(i, 1);
    return text(l.join('\n'), `delete line ${i + 1}`);
  },
  duplicateLine(rng, t) {
    const l = lines(t);
    const i = rng.int(0, l.length - 1);
    l.splice(i, 0, l[i]!);
    return text(l.join('\n'), `duplicate line ${i + 1}`);
  },
  swapLines(rng, t) {
    const l = lines(t);
    const a = rng.int(0, l.length - 1);
    const b = rng.int(0, l.length - 1);
    [l[a], l[b]] = [l[b]!, l[a]!];
    return text(l.join('\n'), `swap lines ${a + 1} and ${b + 1}`);
  },
  changeScalarType(rng, t) {
    const l = lines(t);
    const candidates = l.map((line, i) => [line, i] as const).filter(([line]) => /^\s*(- )?[\w.'"-]+:\s+\S/.test(line));
    if (!candidates.length) return text(t, 'no scalar to change');
    const [line, i] = rng.pick(candidates);
    const value = rng.pick(SCALARS);
    l[i] = line.replace(/:\s+.*$/, `: ${value}`);
    return text(l.join('\n'), `line ${i + 1}: value replaced by ${value}`);
  },
  lookalike(rng, t) {
    const [latin, other] = rng.pick(LOOKALIKES);
    const positions: number[] = [];
    for (let i = t.indexOf(latin); i >= 0 && positions.length < 5000; i = t.indexOf(latin, i + 1)) positions.push(i);
    if (!positions.length) return text(t, 'no letter to replace');
    const at = rng.pick(positions);
    return text(
      t.slice(0, at) + other + t.slice(at + 1),
      `"${latin}" at offset ${at} replaced by U+${other.codePointAt(0)!.toString(16).toUpperCase()}`,
    );
  },
  invisible(rng, t) {
    const char = rng.pick(INVISIBLES);
    const at = rng.int(0, t.length);
    return text(
      t.slice(0, at) + char + t.slice(at),
      `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} inserted at offset ${at}`,
    );
  },
  aliasCycle(rng, t) {
    const l = lines(t);
    const candidates = l.map((line, i) => [line, i] as const).filter(([line]) => /^\s*[\w.-]+:\s+\S/.test(line));
    if (!candidates.length) return text(t, 'no mapping entry for an alias');
    const [line, i] = rng.pick(candidates);
    const form = rng.pick(['&fz [*fz]', '&fz { a: *fz }', '*fz', '&fz [a, [b, [*fz]]]']);
    l[i] = line.replace(/:\s+.*$/, `: ${form}`);
    return text(l.join('\n'), `line ${i + 1}: value replaced by ${form}`);
  },
  aliasBomb(rng, t) {
    const levels = rng.int(3, 7);
    let bomb = 'fzbomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let k = 1; k <= levels; k++)
      bomb += `fzbomb${k}: &b${k} [${Array(10)
        .fill(`*b${k - 1}`)
        .join(', ')}]\n`;
    return text(t.startsWith('{') ? t : `${bomb}${t}`, `${levels} levels of ten aliases prepended`);
  },
  truncate(rng, _t, bytes) {
    const at = rng.int(0, bytes.length);
    return { bytes: bytes.subarray(0, at), description: `truncated at byte ${at}` };
  },
  invalidByte(rng, _t, bytes) {
    const at = rng.int(0, Math.max(0, bytes.length - 1));
    const byte = rng.pick([0xe9, 0xff, 0x80, 0xc0, 0xed]);
    const copy = Buffer.from(bytes);
    copy[at] = byte;
    return { bytes: copy, description: `byte ${at} set to 0x${byte.toString(16)}` };
  },
  reindent(rng, t) {
    const l = lines(t);
    const i = rng.int(0, l.length - 1);
    const how = rng.pick(['+1', '+2', '-1', '-2', 'tab', '+4']);
    l[i] =
      how === 'tab'
        ? l[i]!.replace(/^ +/, '\t')
        : how.startsWith('+')
          ? ' '.repeat(Number(how.slice(1))) + l[i]
          : l[i]!.slice(Math.min(Number(how.slice(1)), l[i]!.length - l[i]!.trimStart().length));
    return text(l.join('\n'), `line ${i + 1} re-indented ${how}`);
  },
  blowUp(rng, t) {
    const l = lines(t);
    const i = rng.int(0, l.length - 1);
    const unit = rng.pick(['a', '{', '{{', '[', ' ', 'x ', '}}', l[i]!.trim() || 'z']);
    const size = rng.int(50_000, 400_000);
    l[i] = l[i] + unit.repeat(Math.ceil(size / unit.length));
    return text(l.join('\n'), `line ${i + 1} extended by ${show(unit)} × ${Math.ceil(size / unit.length)}`);
  },
  deepNesting(rng, t) {
    const l = lines(t);
    const candidates = l.map((line, i) => [line, i] as const).filter(([line]) => /^\s*[\w.-]+:\s+\S/.test(line));
    if (!candidates.length) return text(t, 'no value to nest');
    const [line, i] = rng.pick(candidates);
    const depth = rng.int(50, 5000);
    l[i] = line.replace(/:\s+(.*)$/, (_m, v: string) => `: ${'['.repeat(depth)}${v}${']'.repeat(depth)}`);
    return text(l.join('\n'), `line ${i + 1}: value nested ${depth} deep`);
  },
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

/**
 * One mutant of `original`: one to three operators, chosen by `rng`.
 *
 * @example
 * const m = mutate(random('seed/17'), readFileSync(file));
 * m.description // 'delete line 12; U+200B inserted at offset 88'
 */
export function mutate(rng: Random, original: Buffer): Mutation {
  let current: Mutation = { bytes: original, description: '' };
  const steps: string[] = [];
  const count = rng.next() < 0.7 ? 1 : rng.int(2, 3);
  for (let k = 0; k < count; k++) {
    const name = rng.pick(OPERATOR_NAMES);
    current = OPERATORS[name]!(rng, current.bytes.toString('utf8'), current.bytes);
    steps.push(`${name}: ${current.description}`);
  }
  return { bytes: current.bytes, description: steps.join('; ') };
}
