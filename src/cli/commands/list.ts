import { buildMatrix, driversLeftOut, leftOutNote, type MatrixFilter } from '../../loader/matrix.js';
import { EXIT } from '../exit-codes.js';
import { loadOrReport } from '../load-or-report.js';
import type { Output } from '../output.js';

export interface ListOptions extends MatrixFilter {
  dir: string;
  env?: string;
  format: 'text' | 'json';
}

/** `rehearse list`: the scenario × tenant matrix the filters select. */
export function listCommand(options: ListOptions, output: Output): number {
  const project = loadOrReport(options.dir, options.env, output);
  if (!project) return EXIT.invalid;
  const entries = buildMatrix(project, options);
  const tenants = [...project.tenants.keys()].sort();
  if (options.format === 'json') {
    output.out(
      JSON.stringify(
        entries.map((e) => ({
          scenario: e.scenario.name,
          file: e.file,
          tenant: e.tenant,
          driver: e.driver,
          tags: e.scenario.tags ?? [],
        })),
        null,
        2,
      ),
    );
    return EXIT.passed;
  }
  const rows = project.scenarios.filter((s) => entries.some((e) => e.scenario.name === s.scenario.name));
  const nameWidth = Math.max(8, ...rows.map((r) => r.scenario.name.length));
  const header = `${'scenario'.padEnd(nameWidth)}  ${tenants.map((t) => t.padEnd(Math.max(t.length, 6))).join('  ')}  tags`;
  output.out(header);
  output.out('-'.repeat(header.length));
  for (const { scenario } of rows) {
    const cells = tenants.map((t) => {
      const drivers = entries.filter((e) => e.scenario.name === scenario.name && e.tenant === t).map((e) => e.driver);
      return (drivers.length ? drivers.join('+') : '·').padEnd(Math.max(t.length, 6));
    });
    output.out(`${scenario.name.padEnd(nameWidth)}  ${cells.join('  ')}  ${(scenario.tags ?? []).join(', ')}`);
  }
  output.out(`\n${entries.length} test(s): ${rows.length} scenario(s) × tenant profiles × drivers`);
  const left = driversLeftOut(project, options);
  if (left) output.out(leftOutNote(left));
  return EXIT.passed;
}
