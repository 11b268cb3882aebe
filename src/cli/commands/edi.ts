import type { Command } from 'commander';
import { Option } from 'commander';
import type { Output } from '../output.js';

/** `rehearse edi validate|ack <file>`: the EDI toolkit on its own, for partner onboarding. */
export function registerEdiCommands(program: Command, output: Output, setExitCode: (code: number) => void): void {
  const edi = program.command('edi').description('X12/EDIFACT tools: validate a file, generate its 997');
  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
  edi
    .command('validate <file>')
    .description('parse and validate an X12 (or EDIFACT) file: envelopes, segments, codes, HL tree')
    .addOption(format())
    .action(async (file: string, opts: { format: 'text' | 'json' }) => {
      const { ediValidateCommand } = await import('../../edi/index.js');
      const result = await ediValidateCommand({ file, format: opts.format });
      (result.exitCode === 0 ? output.out : output.err)(result.output);
      setExitCode(result.exitCode);
    });
  edi
    .command('ack <file>')
    .description('print the 997 functional acknowledgment for every group in an X12 file')
    .addOption(format())
    .action(async (file: string, opts: { format: 'text' | 'json' }) => {
      const { ediAckCommand } = await import('../../edi/index.js');
      const result = await ediAckCommand({ file, format: opts.format });
      (result.exitCode === 2 ? output.err : output.out)(result.output);
      setExitCode(result.exitCode);
    });
}
