import { after } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Files every test project starts with; a test's own files replace them by path. */
export const BASE_FILES: Record<string, string> = {
  'tenant-profiles/standard.yaml': 'name: standard\ntraits: [edi]\ncustomers:\n  - id: C-1\n',
  'tenant-profiles/regulated.yaml': 'name: regulated\ntraits: [regulated]\ncustomers:\n  - id: C-9\n',
  'scenarios/actions/order.yaml': [
    'actions:',
    '  order.create:',
    '    params:',
    '      customer: { type: string, required: true }',
    '      qty: { type: integer, default: 1 }',
    '    api:',
    '      - http: POST /api/orders',
    '        json: { customer: "{{ customer }}", lines: [{ sku: SKU-1, qty: "{{ qty }}" }] }',
    '        expect: { status: 201 }',
    '  order.allocate:',
    '    params:',
    '      orderId: { type: string, required: true }',
    '    api:',
    '      - http: POST /api/orders/{{ orderId }}/allocate',
    '        expect: { status: 200 }',
    '  order.cancel:',
    '    params:',
    '      orderId: { type: string, required: true }',
    '    api:',
    '      - http: POST /api/orders/{{ orderId }}/cancel',
    '',
  ].join('\n'),
};

export interface TempProject {
  dir: string;
  write(path: string, text: string): void;
  remove(): void;
}

/** Writes a Rehearse project into a fresh temp dir. Pass `null` to leave a base file out. */
export function tempProject(files: Record<string, string | null>): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-test-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries({ ...BASE_FILES, ...files })) if (text !== null) write(path, text);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A `project(files)` for a test file: each project it writes is removed when the file's tests
 * are done (node:test `after`).
 */
export function tempProjects(): (files: Record<string, string | null>) => TempProject {
  const made: TempProject[] = [];
  after(() => made.forEach((p) => p.remove()));
  return (files) => {
    const p = tempProject(files);
    made.push(p);
    return p;
  };
}
