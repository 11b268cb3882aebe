import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InvalidProjectError } from '../../src/core/errors.js';
import { findHandlersFile } from '../../src/virtual/partner/import-handlers.js';
import { startVirtualServices, virtualServeCommand } from '../../src/virtual/index.js';
import { SERVICES_DIR } from './helpers.js';

const TS = `import type { PartnerSetup } from 'rehearse/virtual';
const setup: PartnerSetup = ({ route, reply }) => { route.get('/who', () => reply.json({ from: 'ts' as string })); };
export default setup;
`;
const JS = `export default ({ route, reply }) => { route.get('/who', () => reply.json({ from: 'js' })); };\n`;

describe('handler modules', () => {
  const temp = mkdtempSync(join(tmpdir(), 'rehearse-handlers-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  const project = (name: string, files: Record<string, string>) => {
    const dir = join(temp, name, 'echo');
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return { root: join(temp, name), dir };
  };
  const who = async (root: string) => {
    const virtual = await startVirtualServices({ dir: root });
    try {
      return ((await (await fetch(`${virtual.partnerUrl('echo')}/who`)).json()) as { from: string }).from;
    } finally {
      await virtual.close();
    }
  };

  it('prefers compiled JavaScript beside the TypeScript unless it is older', () => {
    const { dir } = project('pick', { 'handlers.ts': TS, 'handlers.js': JS });
    const now = Date.now() / 1000;
    utimesSync(join(dir, 'handlers.ts'), now - 60, now - 60);
    assert.equal(findHandlersFile(dir), join(dir, 'handlers.js'));
    utimesSync(join(dir, 'handlers.js'), now - 120, now - 120);
    assert.equal(findHandlersFile(dir), join(dir, 'handlers.ts'), 'stale JavaScript is ignored');
  });

  it('loads TypeScript with tsx and compiled JavaScript natively', async () => {
    assert.equal(await who(project('ts-only', { 'handlers.ts': TS }).root), 'ts');
    // .mjs: under this test's own tsx loader a ".js" specifier would be resolved to the ".ts" beside it.
    const { root, dir } = project('compiled', { 'handlers.ts': TS, 'handlers.mjs': JS });
    const now = Date.now() / 1000;
    utimesSync(join(dir, 'handlers.ts'), now - 60, now - 60);
    assert.equal(await who(root), 'js');
  });

  it('loads TypeScript of a "type": "module" package that awaits at its top level (no CommonJS form)', async () => {
    const tla = `const greeting = await Promise.resolve('tla');
export default ({ route, reply }) => { route.get('/who', () => reply.json({ from: greeting })); };
`;
    const files = { 'handlers.ts': tla, 'package.json': '{ "type": "module" }\n' };
    assert.equal(await who(project('top-level-await', files).root), 'tla');
  });

  it('reports a module without a setup function and one that does not load', async () => {
    const { root } = project('broken', { 'handlers.js': 'export const nothing = 1;\n' });
    mkdirSync(join(root, 'syntax'));
    writeFileSync(join(root, 'syntax', 'handlers.ts'), 'export default ({ route }) => { route.get("/x", () => ; };\n');
    await assert.rejects(startVirtualServices({ dir: root }), (error: unknown) => {
      assert.ok(error instanceof InvalidProjectError);
      assert.deepEqual(
        error.diagnostics.map((d) => d.code),
        ['REHEARSE_VIRTUAL_HANDLERS_INVALID', 'REHEARSE_VIRTUAL_HANDLERS_INVALID'],
      );
      assert.match(error.diagnostics[0]!.message, /no setup function/);
      assert.match(error.diagnostics[1]!.message, /Failed to load the handlers of partner "syntax": Unexpected ";"$/);
      // esbuild's own position of the syntax error (its column counted from 0, ours from 1).
      assert.deepEqual([error.diagnostics[1]!.line, error.diagnostics[1]!.column], [1, 55]);
      return true;
    });
  });

  it('rejects an unknown start-up profile or partner with a did-you-mean', async () => {
    await assert.rejects(
      startVirtualServices({ dir: SERVICES_DIR, partners: ['tax'], profiles: { tax: 'flakey', carier: 'slow' } }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidProjectError);
        assert.deepEqual(
          error.diagnostics.map((d) => d.hint),
          ['Did you mean "flaky"?', 'Valid partners: "tax".'],
        );
        return true;
      },
    );
  });

  it('serves from the CLI command and prints where each partner answers', async () => {
    const lines: string[] = [];
    const handle = await virtualServeCommand({
      dir: SERVICES_DIR,
      port: 0,
      seed: 7,
      profiles: { carrier: 'flaky' },
      log: (line) => lines.push(line),
    });
    try {
      assert.match(lines[0]!, /^Virtual services on http:\/\/127\.0\.0\.1:\d+ \(seed 7\)$/);
      const carrier = lines.find((l) => l.trimStart().startsWith('carrier'));
      assert.match(
        carrier!,
        /\/carrier +faults: flaky +3 routes +POST \/rates, POST \/labels, GET \/tracking\/:trackingNumber/,
      );
      assert.match(
        lines.find((l) => l.trimStart().startsWith('tax'))!,
        /faults: healthy/,
      );
      assert.match(lines.at(-2)!, /admin +http:\/\/127\.0\.0\.1:\d+\/__admin/);
      assert.match(lines.at(-1)!, /Deliveries to the target \(EDI VAN push\) only to the hosts each run allows/);
      assert.equal((await handle.admin.health()).partners.length, 5);
    } finally {
      await handle.close();
    }
  });
});
