// The loader builds most files' values and positions straight from the YAML syntax tree
// (`composeFromSyntax`) and composes a full Document only for unusual files. This holds the two
// paths equal — value, diagnostics, numeric scalars and the position `locate` gives for every
// path in the value (and for missing keys and items under it, key or value) — over every YAML
// file in the repository (the shipped project, templates, sandbox seeds, test fixtures, every
// file under test/bad-inputs/cases/) and seeded fuzz mutants of the shipped files
// (test/bad-inputs/fuzz). FUZZ_SEED and FUZZ_CASES change the mutants.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LineCounter, Parser } from 'yaml';
import { decodeUserText } from '../../src/core/decode-user-text.js';
import { composeFromSyntax } from '../../src/core/yaml-compose-from-syntax.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';
import { mutate, random, userFiles } from '../bad-inputs/fuzz/mutations.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SEED = process.env.FUZZ_SEED ?? 'syntax-path';
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
/** Mutants blown up past this (megabyte lines, "[" × 300,000) take seconds each by either path: left to the in-process fuzzer. */
const MAX_MUTANT_BYTES = 64 * 1024;
/** Paths located per file: enough for every shipped file, bounded for megabyte mutants. */
const MAX_PATHS = 3000;

type Path = Array<string | number>;

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    const stats = statSync(full, { throwIfNoEntry: false });
    if (stats?.isDirectory()) yamlFiles(full, out);
    else if (stats?.isFile() && /\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** Every path to a value under `value`, then for each collection a missing key and a missing item. */
function pathsOf(value: unknown): Path[] {
  const paths: Path[] = [];
  const stack: Array<[unknown, Path]> = [[value, []]];
  while (stack.length && paths.length < MAX_PATHS) {
    const [node, path] = stack.pop()!;
    paths.push(path);
    if (!node || typeof node !== 'object') continue;
    paths.push([...path, 'no-such-key'], [...path, 1_000_000]);
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node);
    for (const [key, child] of entries) stack.push([child, [...path, key]]);
  }
  return paths;
}

/** Where the two paths differ on `text`, or undefined. */
function difference(file: string, text: string): string | undefined {
  const syntax = parseYamlSource(file, text);
  const document = parseYamlSource(file, text, { viaDocument: true });
  try {
    assert.deepStrictEqual(syntax.value, document.value, 'value');
    assert.deepStrictEqual(syntax.diagnostics, document.diagnostics, 'diagnostics');
    assert.deepStrictEqual(syntax.numericScalars, document.numericScalars, 'numeric scalars');
    for (const path of pathsOf(document.value))
      for (const key of [false, true])
        assert.deepStrictEqual(
          syntax.locate(path, { key }),
          document.locate(path, { key }),
          `locate ${JSON.stringify(path)} key ${key}`,
        );
  } catch (error) {
    return error instanceof Error ? error.message.split('\n').slice(0, 12).join('\n') : String(error);
  }
  return undefined;
}

/** Whether the syntax path takes `text` (otherwise both answers come from the Document). */
function takenBySyntax(text: string): boolean {
  const lines = new LineCounter();
  try {
    const tokens = [...new Parser(lines.addNewLine).parse(text)];
    return composeFromSyntax(tokens, text, (offset) => ({ file: 'x', line: offset, column: 1 })) !== undefined;
  } catch {
    // Nesting deep enough to overflow the parser's stack (parseYamlSource bounds it first).
    return false;
  }
}

test('every YAML file in the repository reads the same by the syntax path as by the Document', () => {
  const files = yamlFiles(REPO);
  const cases = files.filter((f) => relative(REPO, f).startsWith('test/bad-inputs/cases/'));
  assert.ok(files.length > 100 && cases.length > 50, `only ${files.length} files, ${cases.length} bad-input cases`);
  const failures: string[] = [];
  let taken = 0;
  for (const full of files) {
    const decoded = decodeUserText(relative(REPO, full), readFileSync(full));
    if (decoded.text === undefined) continue;
    const text = decoded.text.replace(/^\uFEFF/, '');
    if (takenBySyntax(text)) taken++;
    const diff = difference(relative(REPO, full), decoded.text);
    if (diff) failures.push(`${relative(REPO, full)}: ${diff}`);
  }
  assert.deepEqual(failures.slice(0, 5), []);
  // The test proves something only if the syntax path takes most files.
  assert.ok(taken > files.length * 0.7, `the syntax path took only ${taken} of ${files.length} files`);
});

test(`${CASES} fuzz mutants of the shipped files read the same by both paths (seed ${SEED})`, () => {
  const files = userFiles(REPO).filter((f) => /\.ya?ml$/.test(f));
  const originals = new Map(files.map((f) => [f, readFileSync(join(REPO, f))]));
  const failures: string[] = [];
  let taken = 0;
  for (let i = 0; i < CASES && failures.length < 5; i++) {
    const rng = random(`${SEED}/${i}`);
    const file = rng.pick(files);
    const mutant = mutate(rng, originals.get(file)!);
    if (mutant.bytes.length > MAX_MUTANT_BYTES) continue;
    const decoded = decodeUserText(file, mutant.bytes);
    if (decoded.text === undefined) continue;
    if (takenBySyntax(decoded.text.replace(/^\uFEFF/, ''))) taken++;
    const diff = difference(file, decoded.text);
    if (diff) failures.push(`case ${i} (FUZZ_SEED=${SEED}): ${file}: ${mutant.description}: ${diff}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(taken > CASES * 0.15, `the syntax path took only ${taken} of ${CASES} mutants`);
});

test('edge shapes read the same by both paths, and the plain ones take the syntax path', () => {
  const plain = [
    'a: 1\nb: 1.0\nc: 0o14\nd: 0x1F\ne: .inf\nf: -.NaN\ng: 9007199254740993\nh: 0070\ni: 1_000\n',
    'null: 1\n~x: 3\ntrue: 4\n1.50: 5\n',
    '__proto__: { polluted: true }\nconstructor: 1\ntoString: [2]\n',
    'a:\nb: # comment\n  c\nd:   \n# trailing comment\n',
    '- \n-\n  - x\n- y # c\n- { a: , b: [ ] }\n',
    '{ a: 1, b: [x, y, ], "c d": \'e\' , }\n',
    'text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n\nkeep: |+\n  x\n\n',
    'multi: this is\n  a plain scalar\n  over lines\nquoted: "a\\tb\\u00e9"\n',
    'a: [1, [2, [3, {b: [4]}]]]\n',
    '# only a comment before\nroot: value\n',
    'crlf: 1\r\nlist:\r\n  - a # c\r\n  -\r\nempty:\r\n',
    '{"json":1,"style":[true,null,"x"],"nested":{"k":-0.5e3}}\n',
    'ключ: значение\n"quoted: key": 1\n\'single\': 2\n',
    'just a scalar\n',
    '"quoted root"\n',
    '[]\n',
    '{}\n',
  ];
  const unusual = [
    'null: 1\n"": 2\n',
    '[ , ]\n',
    `${'k'.repeat(1100)}: long key\nafter: 1\n`,
    'root: value\n...\n',
    'a: &x 1\nb: *x\n',
    'base: &b { x: 1 }\nderived:\n  <<: *b\n  y: 2\n',
    'a: !!str 1\n',
    '%YAML 1.2\n---\na: 1\n',
    '---\na: 1\n',
    '? a\n: 1\n',
    'a:\t1\n',
    'a: 1\na: 2\n',
    'stаtus: 1\n',
    '[a, , b]\n',
    '{a, b: 1}\n',
    '[a: 1]\n',
    'a: b: c\n',
    'a: 1\n---\nb: 2\n',
    '{ a: 1\n',
    'a: "x\n',
    ': no key\n',
    'a:#x\n',
    'a\n: x\n',
  ];
  const failures: string[] = [];
  for (const text of [...plain, ...unusual]) {
    const diff = difference('edge.yaml', text);
    if (diff) failures.push(`${JSON.stringify(text.slice(0, 60))}: ${diff}`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(
    plain.filter((text) => !takenBySyntax(text)),
    [],
    'plain shapes the syntax path left to the Document',
  );
});
