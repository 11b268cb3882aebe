// The build bundles each library seam (scripts/build.mjs) into one file: TypeBox and yaml, each
// hundreds or dozens of ES modules, load as one. The bundle must be the library as it is: every
// export of the packages by the same name, schemas and documents equal to the package's own, and
// nodes the package's own functions recognise (both tell nodes apart by Symbol.for keys). It
// must also be a bundle: a built seam that still imports its package saves nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as TypeBox from '@sinclair/typebox';
import * as TypeBoxValue from '@sinclair/typebox/value';
import * as Yaml from 'yaml';

const REPO = new URL('../../', import.meta.url);
const LIBRARY_SEAMS = JSON.parse(readFileSync(new URL('scripts/library-seams.json', REPO), 'utf8')) as Array<{
  seam: string;
  libraries: string[];
}>;
const built = (seam: string) => new URL(seam, REPO);
const PACKAGES: Record<string, object> = {
  '@sinclair/typebox': TypeBox,
  '@sinclair/typebox/value': TypeBoxValue,
  yaml: Yaml,
};

for (const { seam, libraries } of LIBRARY_SEAMS) {
  test(`${seam} is one file exporting what ${libraries.join(' and ')} export`, async () => {
    const text = readFileSync(built(seam), 'utf8');
    for (const library of libraries) {
      const quoted = library.replace(/[/.]/g, '\\$&');
      assert.doesNotMatch(
        text,
        new RegExp(`(from|import\\()\\s*["']${quoted}["']`),
        `${seam} still imports ${library}: run npm run build`,
      );
    }
    const seamExports = await import(pathToFileURL(built(seam).pathname).href);
    const expected = new Set(
      libraries.flatMap((library) =>
        library === '@sinclair/typebox/value'
          ? ['Value']
          : // A CommonJS package's namespace adds `default` (the whole module), which no seam re-exports.
            Object.keys(PACKAGES[library]!).filter((name) => name !== 'default'),
      ),
    );
    assert.deepEqual(new Set(Object.keys(seamExports)), expected);
  });
}

test('the bundled TypeBox builds the schemas the package builds, and its Value checks them alike', async () => {
  const seam = (await import(built('dist/src/core/typebox.js').href)) as typeof TypeBox & typeof TypeBoxValue;
  const make = (T: typeof TypeBox.Type) =>
    T.Object({ sku: T.String({ minLength: 1 }), qty: T.Integer({ minimum: 1 }), lot: T.Optional(T.String()) });
  const ours = make(seam.Type);
  const theirs = make(TypeBox.Type);
  assert.deepEqual(ours, theirs);
  assert.equal(ours[TypeBox.Kind], 'Object', 'the Kind symbol is the package’s (Symbol.for)');
  assert.equal(TypeBox.TypeGuard.IsObject(ours), true);
  for (const value of [{ sku: 'SKU-1', qty: 2 }, { sku: '', qty: 0 }, { qty: '2' }])
    assert.equal(seam.Value.Check(ours, value), TypeBoxValue.Value.Check(theirs, value), JSON.stringify(value));
});

test('the bundled yaml parses as the package does, and each recognises the other’s nodes', async () => {
  const seam = (await import(built('dist/src/core/yaml-library.js').href)) as typeof Yaml;
  const text = 'order: SO-1\nlines:\n  - { sku: SKU-1, qty: 2 }\nref: &a x\nagain: *a\n';
  assert.deepEqual(seam.parse(text), Yaml.parse(text));
  const ours = seam.parseDocument(text);
  const theirs = Yaml.parseDocument(text);
  assert.equal(Yaml.isMap(ours.contents), true);
  assert.equal(seam.isMap(theirs.contents), true);
  assert.equal(seam.stringify({ a: [1, 'b'] }), Yaml.stringify({ a: [1, 'b'] }));
});
