import type { Command } from 'commander';
import type { Output } from '../output.js';

type Wrap = <A extends unknown[]>(action: (...args: A) => number | Promise<number>) => (...args: A) => Promise<void>;

/** `rehearse report ...`: reports built from what runs wrote. Each subcommand loads its module when it runs. */
export function registerReportCommands(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  const report = program.command('report').description('build reports from what runs wrote');

  report
    .command('allure')
    .description("build Allure's HTML report from --reporter allure results, with history across runs (needs Allure 3)")
    .option(
      '--results <dir>',
      'Allure results (default: <outputDir>/allure-results, outputDir of rehearse.config.yaml, else reports)',
    )
    .option('--output <dir>', 'where the HTML report goes (default: <outputDir>/allure-report)')
    .option('--history <file>', "Allure 3's history file, appended to (default: <outputDir>/allure-history.jsonl)")
    .action(
      wrap((opts: { results?: string; output?: string; history?: string }) =>
        import('./report-allure.js').then(({ reportAllureCommand }) =>
          reportAllureCommand({ ...opts, dir: dir() }, output),
        ),
      ),
    );
}
