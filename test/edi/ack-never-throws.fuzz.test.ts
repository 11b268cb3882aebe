// A bounded, seeded fuzzer over real X12 files: whatever the damage, validation and the 997
// come back as problems and text, never as an exception. Same seed, same inputs: a failure
// names the seed and iteration so it replays.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ediAckCommand, ediValidateCommand } from '../../src/edi/cli-commands.js';
import { acknowledge, createControlNumbers, parseX12, validateInterchange, validateX12 } from '../../src/edi/index.js';
import { FIXTURES_DIR, SAMPLES_DIR } from './sample-specs.js';

const readAll = (dir: URL): Array<[string, string]> =>
  readdirSync(fileURLToPath(dir))
    .filter((name) => name.endsWith('.edi'))
    .map((name) => [name, readFileSync(new URL(name, dir), 'utf8')]);
const CORPUS = [...readAll(SAMPLES_DIR), ...readAll(FIXTURES_DIR)];
const ITERATIONS = 4000;
const now = new Date('2026-11-22T12:00:00Z');

/** mulberry32: a tiny seeded PRNG, so every run mutates the same way. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that break X12 the ways real files do: delimiters, blanks, line breaks, ^Z, NUL, non-ASCII.
const NASTY = [
  '*',
  '~',
  '>',
  '^',
  ':',
  '|',
  '\n',
  '\r',
  ' ',
  '\u001a',
  '\u0000',
  'é',
  '\u2026',
  'ISA',
  'GS',
  'ST',
  'SE*',
  'GE*',
  'IEA*',
];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const at = () => Math.floor(rnd() * (text.length + 1));
  let out = text;
  const rounds = 1 + Math.floor(rnd() * 3);
  for (let r = 0; r < rounds; r++) {
    const i = Math.min(at(), out.length);
    switch (Math.floor(rnd() * 8)) {
      case 0: // truncate
        out = out.slice(0, i);
        break;
      case 1: // delete a run
        out = out.slice(0, i) + out.slice(i + 1 + Math.floor(rnd() * 40));
        break;
      case 2: // insert a nasty token
        out = out.slice(0, i) + pick(NASTY) + out.slice(i);
        break;
      case 3: // replace one character
        out = out.slice(0, i) + pick(NASTY)[0] + out.slice(i + 1);
        break;
      case 4: {
        // empty one element: the text between two element separators
        const star = out.indexOf('*', i);
        const next = star === -1 ? -1 : out.indexOf('*', star + 1);
        if (next !== -1) out = out.slice(0, star + 1) + out.slice(next);
        break;
      }
      case 5: {
        // duplicate a segment-sized run elsewhere
        const from = Math.min(at(), out.length);
        const piece = out.slice(from, from + Math.floor(rnd() * 60));
        out = out.slice(0, i) + piece + out.slice(i);
        break;
      }
      case 6: {
        // drop a whole envelope segment (GS, ST, SE, GE, IEA)
        const id = pick(['\nGS*', '\nST*', '\nSE*', '\nGE*', '\nIEA*', '~GS*', '~ST*', '~SE*', '~GE*', '~IEA*']);
        const start = out.indexOf(id);
        if (start !== -1) {
          const end = out.indexOf(id[0]!, start + 1);
          out = out.slice(0, start + 1) + (end === -1 ? '' : out.slice(end + 1));
        }
        break;
      }
      default: // swap a digit for a letter (control numbers, counts, dates)
        out = out.replace(/\d/, () => pick(['A', '', '9', '0']));
    }
  }
  return out;
}

describe('edi ack never throws (fuzzed real files)', () => {
  it(`validates and acknowledges ${ITERATIONS} mutations of ${CORPUS.length} real files without an exception`, () => {
    const rnd = random(20261122);
    let withProblems = 0;
    let with997 = 0;
    for (let n = 0; n < ITERATIONS; n++) {
      const [name, text] = CORPUS[n % CORPUS.length]!;
      const input = mutate(text, rnd);
      const where = `iteration ${n} (${name}); input: ${JSON.stringify(input.slice(0, 400))}`;
      let result: ReturnType<typeof validateX12>;
      try {
        result = validateX12(input, { file: name });
        result.interchanges.forEach((interchange, i) => {
          const ack = acknowledge(interchange, {
            problems: validateInterchange(interchange, i),
            controlNumbers: createControlNumbers({ interchange: 1, group: 1, set: 1 }),
            now,
          });
          if (ack.text) {
            with997++;
            const back = parseX12(ack.text);
            assert.deepEqual(back.diagnostics, [], `the 997 written reads back without problems; ${where}`);
          } else assert.ok(ack.reason, `no 997 without a reason; ${where}`);
        });
      } catch (error) {
        assert.fail(`threw ${(error as Error).stack ?? String(error)}\n${where}`);
      }
      for (const p of result.problems) {
        assert.match(p.code, /^EDI_/, where);
        assert.ok(p.message.length > 0, where);
      }
      if (result.problems.length > 0) withProblems++;
    }
    // The mutations must damage files, or the loop proved nothing.
    assert.ok(withProblems > ITERATIONS / 2, `only ${withProblems} mutated files had problems`);
    assert.ok(with997 > ITERATIONS / 4, `only ${with997} mutated files were acknowledged`);
  });

  it('the edi commands answer 300 mutated files with JSON and an exit code of 0, 1 or 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-edi-fuzz-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const rnd = random(7);
    const file = join(dir, 'mutant.edi');
    const seen = new Set<number>();
    for (let n = 0; n < 300; n++) {
      const [name, text] = CORPUS[n % CORPUS.length]!;
      const input = mutate(text, rnd);
      writeFileSync(file, input);
      for (const command of [ediAckCommand, ediValidateCommand]) {
        const result = await command({ file, format: 'json', now });
        const where = `iteration ${n} (${name}, ${command.name}); input: ${JSON.stringify(input.slice(0, 400))}`;
        assert.ok([0, 1, 2].includes(result.exitCode), `exit ${result.exitCode}; ${where}`);
        assert.doesNotThrow(() => JSON.parse(result.output), where);
        seen.add(result.exitCode);
      }
    }
    assert.deepEqual([...seen].sort(), [0, 1, 2]);
  });
});
