import { RehearseError } from '../core/errors.js';
import { stringifyJson } from '../core/stringify-json.js';
import { printError, type Output } from './output.js';

/**
 * Prints a command-line mistake Commander found (an unknown option, a missing argument, a
 * value outside `--format`'s choices) the way every other Rehearse error is printed: code
 * `REHEARSE_USAGE`, the message, a hint with Commander's did-you-mean and where the command's
 * options are listed. When the command line asks for `--format json`, the error is JSON on
 * stdout, `{ "error": { "code", "message", "hint" } }`, so a pipeline reading JSON never gets text.
 *
 * @param commanderText Commander's own text, e.g. "error: unknown option '--evn'\n(Did you mean --env?)"
 * @param argv the process's arguments (`process.argv`: node, script, then the user's)
 */
export function printUsageError(
  output: Output,
  commanderText: string,
  argv: readonly string[],
  program: CommandTree,
): void {
  const lines = commanderText.trim().split('\n');
  const suggestion = lines
    .find((l) => /^\(Did you mean .*\?\)$/.test(l.trim()))
    ?.trim()
    .slice(1, -1);
  const message = lines
    .filter((l) => !/^\(Did you mean .*\?\)$/.test(l.trim()))
    .join(' ')
    .replace(/^error:\s*/, '');
  const command = commandOf(argv, program);
  const help = `Run \`rehearse${command ? ` ${command}` : ''} --help\` for the ${command ? 'options' : 'commands and options'}.`;
  const error = new RehearseError('REHEARSE_USAGE', `${capitalize(message)}${/[.!?]$/.test(message) ? '' : '.'}`, {
    hint: suggestion ? `${suggestion} ${help}` : help,
  });
  if (wantsJson(argv))
    output.out(stringifyJson({ error: { code: error.code, message: error.message, hint: error.hint } }, 2) ?? '');
  else printError(output, error);
}

/** True when the user's arguments ask for `--format json` (either spelling). */
function wantsJson(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  return args.some((a, i) => a === '--format=json' || (a === '--format' && args[i + 1] === 'json'));
}

/** The commands of a program, as Commander's `Command` shows them. */
export interface CommandTree {
  readonly commands: readonly { name(): string; readonly commands: CommandTree['commands'] }[];
}

/** The known command words before the first option, e.g. "edi validate" (Commander has not parsed them yet). */
function commandOf(argv: readonly string[], program: CommandTree): string {
  const words: string[] = [];
  let level: CommandTree = program;
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C' || a === '--dir') {
      i++;
      continue;
    }
    if (a.startsWith('-')) break;
    const next = level.commands.find((c) => c.name() === a);
    if (!next) break;
    words.push(a);
    level = next;
  }
  return words.join(' ');
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
