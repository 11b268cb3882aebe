// Shapes of YAML that crash or stall a walker are refused by parseYamlSource itself, at the
// first offender, with no recursion that can overflow: alias cycles, unknown aliases, alias
// expansion, nesting (flow, block, compact, unclosed), duplicate keys (linear), look-alike keys.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_NESTING, parseYamlSource } from '../../src/index.js';

const first = (text: string) => {
  const source = parseYamlSource('f.yaml', text);
  const d = source.diagnostics[0];
  return { source, at: d ? `${d.line}:${d.column}` : undefined, code: d?.code, message: d?.message ?? '' };
};

describe('YAML shapes', () => {
  test('an alias inside its own anchor is a cycle at the alias (the 29-byte file)', () => {
    const r = first('a: &a [*a]\n');
    assert.equal(r.code, 'REHEARSE_YAML_ALIAS_CYCLE');
    assert.equal(r.at, '1:8');
    assert.match(r.message, /alias \*a refers to a node that contains it/);
    assert.equal(r.source.value, undefined);
  });

  test('a merge key that pulls in its own mapping is a cycle, and names the anchor line', () => {
    const r = first('x:\n  y: &base\n    k: 1\n    <<: *base\n');
    assert.equal(r.code, 'REHEARSE_YAML_ALIAS_CYCLE');
    assert.equal(r.at, '4:9');
    assert.match(r.message, /anchor &base at line 2/);
  });

  test('an alias before its anchor is named', () => {
    const r = first('a: *later\nb: &later 1\n');
    assert.equal(r.code, 'REHEARSE_YAML_UNKNOWN_ALIAS');
    assert.equal(r.at, '1:4');
  });

  test('aliases that are not cycles still load, shared as the YAML says', () => {
    const r = first('a: &x { b: 1 }\nc: *x\nd:\n  <<: *x\n  e: 2\n');
    assert.equal(r.code, undefined);
    assert.deepEqual(r.source.value, { a: { b: 1 }, c: { b: 1 }, d: { b: 1, e: 2 } });
  });

  test('billion laughs stops at the alias that passes the bound', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [n, p] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ])
      text += `${n}: &${n} [${Array(10).fill(`*${p}`).join(', ')}]\n`;
    const r = first(text);
    assert.equal(r.code, 'REHEARSE_YAML_ALIAS_EXPANSION');
    assert.equal(r.at?.split(':')[0], '5', 'e: expands to 111,111 values');
  });

  test('nesting: exactly the bound loads, one more level is refused at that level', () => {
    const ok = first(`a: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`);
    assert.equal(ok.code, undefined);
    const deep = first(`a: ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}\n`);
    assert.equal(deep.code, 'REHEARSE_NESTING_TOO_DEEP');
    assert.equal(deep.at, `1:${4 + MAX_NESTING - 1}`);
  });

  for (const [name, text] of [
    ['100,000 flow levels', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['100,000 unclosed flow levels', `a: ${'{a: '.repeat(100_000)}\n`],
    ['3,000 block levels', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['20,000 compact sequences', `${'- '.repeat(20_000)}x\n`],
    [
      'an alias that nests a deep anchor deeper',
      `a: &a ${'['.repeat(60)}${']'.repeat(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`,
    ],
  ] as Array<[string, string]>)
    test(`deep nesting is refused, never a stack overflow: ${name}`, () => {
      assert.equal(first(text).code, 'REHEARSE_NESTING_TOO_DEEP');
    });

  test("a shape that made the YAML parser's own recursion overflow (found by the fuzzer) is refused", () => {
    const text = `    ${"edi.expect: '855'".repeat(16_044)}\n  - name: x\n`;
    const r = first(text);
    assert.equal(r.code, 'REHEARSE_NESTING_TOO_DEEP');
    assert.equal(r.at?.split(':')[0], '1');
  });

  test('duplicate keys: every copy after the first, with where the first is; linear in their number', () => {
    const text = `name: x\nwithin: 1\n${'within: 1\n'.repeat(20_000)}`;
    const r = first(text);
    assert.equal(r.code, 'REHEARSE_YAML_DUPLICATE_KEY');
    assert.equal(r.at, '3:1');
    assert.match(r.message, /first at line 2, column 1/);
    const codes = r.source.diagnostics.map((d) => d.code);
    assert.equal(codes.length, 1001, 'a thousand listed, the rest counted');
    assert.equal(codes.at(-1), 'REHEARSE_TOO_MANY_PROBLEMS');
    assert.match(r.source.diagnostics.at(-1)!.message, /19,000 more/);
  });

  test('keys that collide once read as JavaScript (1 and "1") are duplicates', () => {
    assert.equal(first('1: a\n"1": b\n').code, 'REHEARSE_YAML_DUPLICATE_KEY');
  });

  test('a key mixing ASCII with a look-alike is named at the character, quoted or not', () => {
    const plain = first('name: x\nst\u0435ps: []\n');
    assert.equal(plain.code, 'REHEARSE_TEXT_LOOKALIKE_CHARACTER');
    assert.equal(plain.at, '2:3');
    assert.match(plain.message, /U\+0435 CYRILLIC SMALL LETTER IE/);
    const quoted = first('expect:\n  "b\u043edy.id": 1\n');
    assert.equal(quoted.at, '2:5');
    assert.equal(
      first('\u043e\u043f\u0438\u0441\u0430\u043d\u0438\u0435: ok\n').code,
      undefined,
      'a key wholly in Cyrillic is fine',
    );
  });

  test('a second document is named; a BOM does not shift columns', () => {
    assert.match(first('a: 1\n---\nb: 2\n').message, /second YAML document/);
    const bom = parseYamlSource('f.yaml', '\ufeffa: 1\nb: [\n');
    assert.equal(bom.locate(['a']).column, 4);
  });
});
