// A TypeScript handler module's `import … from 'msw'` is the msw the partners' server already
// runs on — one copy in the process, not a second one tsx transpiles at every start — unless the
// project resolves msw to a copy of its own, which it then keeps.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importHandlers } from '../../src/virtual/partner/import-handlers.js';

const REPO_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
const HANDLER = `import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
export const seen = { HttpResponse, http, setupServer };
export default () => {};
`;
const commonJsLoad = () => (Module as unknown as { _load: unknown })._load;

describe('handler modules and msw', () => {
  const temp = mkdtempSync(join(tmpdir(), 'rehearse-handlers-msw-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  const partner = (name: string, handler: string) => {
    const dir = join(temp, name, 'virtual-services', 'echo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'handlers.ts'), handler);
    return { root: join(temp, name), file: join(dir, 'handlers.ts') };
  };

  it("gives a handler the process's own msw when the project resolves msw to the same package", async () => {
    const { root, file } = partner('same-copy', HANDLER);
    symlinkSync(REPO_MODULES, join(root, 'node_modules'), 'dir');
    const hookBefore = commonJsLoad();
    const loaded = (await importHandlers(file)) as { seen: Record<string, unknown> };
    const msw = await import('msw');
    const mswNode = await import('msw/node');
    assert.equal(loaded.seen.HttpResponse, msw.HttpResponse, 'the same HttpResponse class, not a transpiled copy');
    assert.equal(loaded.seen.http, msw.http);
    assert.equal(loaded.seen.setupServer, mswNode.setupServer);
    assert.equal(commonJsLoad(), hookBefore, "Node's CommonJS loader is restored after the load");
  });

  it('keeps a copy of msw the project installs itself', async () => {
    const { root, file } = partner('own-copy', HANDLER);
    const own = join(root, 'node_modules', 'msw');
    mkdirSync(join(own, 'node'), { recursive: true });
    writeFileSync(
      join(own, 'package.json'),
      JSON.stringify({
        name: 'msw',
        version: '0.0.0-own',
        main: 'index.js',
        exports: { '.': './index.js', './node': './node/index.js' },
      }),
    );
    writeFileSync(join(own, 'index.js'), "exports.HttpResponse = 'own HttpResponse'; exports.http = 'own http';\n");
    writeFileSync(join(own, 'node', 'index.js'), "exports.setupServer = 'own setupServer';\n");
    const loaded = (await importHandlers(file)) as { seen: Record<string, unknown> };
    assert.deepEqual(loaded.seen, {
      HttpResponse: 'own HttpResponse',
      http: 'own http',
      setupServer: 'own setupServer',
    });
  });

  it("restores Node's CommonJS loader when a handler module throws while it loads", async () => {
    const { root, file } = partner(
      'throws',
      `import { http } from 'msw';\nthrow new Error('handler broke ' + typeof http);\n`,
    );
    symlinkSync(REPO_MODULES, join(root, 'node_modules'), 'dir');
    const hookBefore = commonJsLoad();
    await assert.rejects(importHandlers(file), /handler broke object/);
    assert.equal(commonJsLoad(), hookBefore);
  });
});
