import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { fileKindJsonSchemas } from '../../src/schema/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the committed editor schemas are generated from src/schema (one source of truth)', () => {
  for (const [name, document] of Object.entries(fileKindJsonSchemas())) {
    const committed = readFileSync(join(root, 'schemas', name), 'utf8');
    assert.equal(committed, `${JSON.stringify(document, null, 2)}\n`, `${name} is stale: run npm run schemas`);
  }
});

test('every editor schema compiles as draft 2020-12 JSON Schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  for (const name of readdirSync(join(root, 'schemas')).filter((n) => n.endsWith('.schema.json'))) {
    assert.doesNotThrow(() => ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8'))), name);
  }
});

test('every shipped YAML file carries a yaml-language-server modeline that resolves and validates it', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const files = ['scenarios', 'tenant-profiles', 'virtual-services'].flatMap((d) => yamlFiles(join(root, d)));
  if (existsSync(join(root, 'rehearse.config.yaml'))) files.push(join(root, 'rehearse.config.yaml'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split('\n')[0] ?? '');
    assert.ok(modeline, `${relative(root, file)} lacks the modeline on its first line`);
    const schemaPath = resolve(dirname(file), modeline[1]!);
    assert.ok(existsSync(schemaPath), `${relative(root, file)}: ${modeline[1]} does not exist`);
    const validate =
      ajv.getSchema(schemaPath) ?? ajv.compile({ ...JSON.parse(readFileSync(schemaPath, 'utf8')), $id: schemaPath });
    assert.ok(validate(parse(text)), `${relative(root, file)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}
