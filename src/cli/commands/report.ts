import type { Command } from 'commander';
import type { Output } from '../output.js';

type Wrap = <A extends unknown[]>(action: (...args: A) => number | Promise<number>) => (...args: A) => Promise<void>;

/**
 * `rehearse report ...`: what is done with reports after a run — `merge` (the shards' blobs into
 * one run's reports), `allure` (Allure's HTML report with history). Each subcommand loads its
 * module when it runs, as every command does.
 */
export function registerReportCommands(program: Command, output: Output, wrap: Wrap, dir: () => string): void {
  const report = program.command('report').description('work with the reports of runs');

  report
    .command('merge')
    .description("merge the blob reports of a sharded run into one run's reports (Playwright's merge-reports)")
    .argument('[dirs...]', 'folders holding the blob reports, searched 3 levels deep (default: <outputDir>/blob)')
    .option(
      '-o, --output <dir>',
      'where the merged reports go (default: outputDir of rehearse.config.yaml, else reports/)',
    )
    .option(
      '--reporter <names>',
      'comma-separated reporters, as rehearse run takes them (default: html,junit and the summary and Allure where known)',
    )
    .option('--fail-on-slo', 'an SLO breach in the merged business summary fails the merge: exit 1')
    .option('--fail-on-flaky', 'a merged test that passed only after a retry fails the merge: exit 1')
    .option(
      '--compare <summary.json>',
      "compare the merged business summary with this one (default: the last one in the output's summary/)",
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 every merged test passed; 1 a test failed, timed out or was interrupted (or',
        'an SLO breach / a flaky pass with --fail-on-slo / --fail-on-flaky);',
        '2 no blobs, blobs of different runs, a shard twice, a shard missing, or nothing tested.',
        '',
        'Example: rehearse run --shard 2/3 --reporter blob   (on each of 3 machines; collect reports/blob/*.zip)',
        '         rehearse report merge all-blobs/',
      ].join('\n'),
    )
    .action(
      wrap(
        (
          dirs: string[],
          opts: { output?: string; reporter?: string; failOnSlo?: boolean; failOnFlaky?: boolean; compare?: string },
        ) =>
          import('./report-merge.js').then(({ reportMergeCommand }) =>
            reportMergeCommand({ dir: dir(), dirs, ...opts }, output),
          ),
      ),
    );

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
