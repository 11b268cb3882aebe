import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { suggestionHint } from '../core/did-you-mean.js';
import { RehearseError } from '../core/errors.js';
import type { MatrixEntry } from '../loader/matrix.js';
import { REPORTER_NAMES } from '../playwright/run-layout.js';
import { readBusinessSummary } from '../report/read-summary.js';
import { grepHaystack } from '../playwright/test-identity.js';

/**
 * `--shard current/total` (Playwright's form): 1 ≤ current ≤ total.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` for anything else (`5/3`, `0/3`, `1of3`).
 */
export function parseShard(text: string): { current: number; total: number } {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const current = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!match || total < 1 || current < 1 || current > total) {
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read --shard "${text}": expected current/total with 1 ≤ current ≤ total, such as 1/3.`,
      {
        hint:
          match && current > total
            ? `There are only ${total} shard(s); use ${total}/${total} for the last.`
            : 'Write it as 2/4: the second of four shards.',
      },
    );
  }
  return { current, total };
}

/**
 * `--reporter a,b`: Playwright's reporter names (and `summary`), or paths of reporter modules
 * relative to the project, returned absolute.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` for an unknown name (with a did-you-mean) or a missing module.
 */
export function parseReporters(text: string, root: string): string[] {
  const names = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new RehearseError('REHEARSE_INVALID_FLAG', 'Failed to read --reporter: no reporter named.', {
      hint: `Name one or more of ${REPORTER_NAMES.join(', ')}.`,
    });
  return names.map((name) => {
    if ((REPORTER_NAMES as readonly string[]).includes(name)) return name;
    const looksLikePath = /[/\\]/.test(name) || /\.[cm]?[jt]s$/.test(name);
    if (looksLikePath) {
      // Absolute: Playwright resolves a relative reporter path against the config file, which may be Rehearse's own.
      const file = isAbsolute(name) ? name : resolve(root, name);
      if (existsSync(file)) return file;
      throw new RehearseError('REHEARSE_INVALID_FLAG', `Failed to read --reporter: no reporter module at ${file}.`, {
        hint: 'Give the path of a Playwright reporter module relative to the project.',
      });
    }
    throw new RehearseError('REHEARSE_INVALID_FLAG', `Failed to read --reporter: unknown reporter "${name}".`, {
      hint: suggestionHint(name, REPORTER_NAMES, 'reporter'),
    });
  });
}

/**
 * `--grep` as Playwright reads it: `/source/flags`, else a case-insensitive pattern.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` when it is not a valid regular expression.
 */
export function parseGrep(text: string): RegExp {
  const literal = /^\/(.*)\/([gi]*)$/.exec(text);
  try {
    return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(text, 'gi');
  } catch (error) {
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read --grep "${text}": ${error instanceof Error ? error.message : String(error)}.`,
      { hint: 'It is a regular expression: escape ( ) [ ] { } . * + ? with a backslash to match them literally.' },
    );
  }
}

/**
 * Refuses a `--grep` that matches no test of the selected matrix, before
 * anything is started.
 *
 * @throws RehearseError `REHEARSE_NOTHING_TO_RUN`.
 */
export function checkGrepSelects(grep: RegExp, text: string, matrix: readonly MatrixEntry[]): void {
  const matches = (entry: MatrixEntry) => {
    grep.lastIndex = 0;
    return grep.test(grepHaystack(entry));
  };
  if (matrix.some(matches)) return;
  const tags = [...new Set(matrix.flatMap((e) => (e.scenario.tags ?? []).map((t) => `@${t.replace(/^@/, '')}`)))];
  throw new RehearseError(
    'REHEARSE_NOTHING_TO_RUN',
    `Failed to start the run: --grep "${text}" matches none of the ${matrix.length} selected test(s).`,
    {
      hint: `It is matched against titles and tags (${tags.slice(0, 8).join(', ') || 'no tags'}, @tenant:<name>, @driver:<name>); \`rehearse list\` shows them.`,
    },
  );
}

/**
 * `--compare <summary.json>`: the absolute path of a business summary (schemas/business-summary.schema.json,
 * the version this Rehearse writes), checked before anything runs so a wrong file is a mistake in a
 * flag (exit 2), not a comparison silently left out at the end.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` for a missing file, a folder, an empty file, text
 *   that is not JSON, another schema version or a shape the schema refuses.
 */
export function parseCompare(text: string, root: string): string {
  const file = resolve(root, text);
  const reading = readBusinessSummary(file);
  if (!reading.ok)
    throw new RehearseError('REHEARSE_INVALID_FLAG', `Failed to read --compare ${text}: ${reading.problem}.`, {
      hint: "Give the summary.json of an earlier run (reports/summary/summary.json), or leave --compare out to compare with the last run's.",
    });
  return file;
}
