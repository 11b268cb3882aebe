import type { Command } from 'commander';
import { Option } from 'commander';
import type * as EdiModule from '../../edi/index.js';
import type { EdiCommandResult } from '../../edi/index.js';
import type { Output } from '../output.js';

type Format = 'text' | 'json';

/**
 * `rehearse edi validate|ack <file>`: the EDI toolkit on its own, for partner onboarding.
 * With `--format json` every outcome — valid, defective, unreadable, no file, a bug — is one
 * JSON document on stdout, and the exit code alone carries the verdict.
 */
export function registerEdiCommands(program: Command, output: Output, setExitCode: (code: number) => void): void {
  const edi = program.command('edi').description('X12/EDIFACT tools: validate a file, generate its 997');
  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
  const run = async (
    file: string | undefined,
    opts: { format: Format },
    command: (edi: typeof EdiModule, options: { file: string; format: Format }) => Promise<EdiCommandResult>,
    toStdout: (exitCode: number) => boolean,
  ): Promise<void> => {
    const edi = await import('../../edi/index.js');
    let result: EdiCommandResult;
    try {
      result = await command(edi, { file: file ?? '', format: opts.format });
    } catch (error) {
      result = edi.ediInternalError(file, error, opts.format);
    }
    const toOut = opts.format === 'json' || toStdout(result.exitCode);
    (toOut ? output.out : output.err)(result.output);
    setExitCode(result.exitCode);
  };
  edi
    .command('validate [file]')
    .description('parse and validate an X12 (or EDIFACT) file: envelopes, segments, codes, HL tree')
    .addOption(format())
    .action((file: string | undefined, opts: { format: Format }) =>
      run(
        file,
        opts,
        (m, o) => m.ediValidateCommand(o),
        (code) => code === 0,
      ),
    );
  edi
    .command('ack [file]')
    .description('print the 997 functional acknowledgment for every group in an X12 file')
    .addOption(format())
    .action((file: string | undefined, opts: { format: Format }) =>
      run(
        file,
        opts,
        (m, o) => m.ediAckCommand(o),
        (code) => code === 0 || code === 1,
      ),
    );
}
