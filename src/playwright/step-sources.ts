import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Location } from '@playwright/test';
import type { Redactor } from '../core/redactor.js';
import type { Origin } from '../loader/project.js';

/** Where masked copies of YAML files that hold a secret as written are kept, under the project root. */
export const MASKED_SOURCES_DIR = join('.rehearse', 'sources');

/**
 * Decides which file a step's Playwright `location` may name. Playwright prints the source
 * around a location (a failed step's code frame, the HTML report's step snippets, a trace's
 * sources) and cannot redact it, so a location may only name a file whose text the run's
 * redactor leaves as it is. A YAML file that holds a secret as written (a password in a `json:`,
 * URL user-info, a declared secret variable — see `learnWrittenSecrets`) is located in a masked
 * copy instead, `.rehearse/sources/<dir>/<name>.<sha256 of the copy, 8 hex>.yaml`, line for
 * line the same. Without a redactor (`guard` not called yet) or when the masked text has another
 * number of lines, no location is given (the step still has its title; the failure message names
 * the YAML file:line:col).
 */
export class StepSources {
  private redactor: Redactor | undefined;
  private readonly texts = new Map<string, string | undefined>();
  private readonly decided = new Map<string, { generation: number; file: string | undefined }>();

  /** `root`: the project folder that step origins are relative to. */
  constructor(private readonly root: string) {}

  /** From now on, locations are checked against what this redactor masks. */
  guard(redactor: Redactor): void {
    this.redactor = redactor;
    this.decided.clear();
  }

  /** The location Playwright may be given for a step written at `at`, or undefined. */
  locate(at: Origin | undefined): Location | undefined {
    if (!at || !this.redactor) return undefined;
    const file = this.fileFor(at.file, this.redactor);
    return file ? { file, line: at.line, column: at.column } : undefined;
  }

  private fileFor(relativeFile: string, redactor: Redactor): string | undefined {
    const known = this.decided.get(relativeFile);
    if (known && known.generation === redactor.generation) return known.file;
    const original = resolve(this.root, relativeFile);
    const text = this.textOf(original);
    let file: string | undefined;
    if (text !== undefined) {
      const masked = redactor.redactText(text);
      if (masked === text) file = original;
      else if (lineCount(masked) === lineCount(text)) file = this.maskedCopy(relativeFile, masked);
    }
    this.decided.set(relativeFile, { generation: redactor.generation, file });
    return file;
  }

  private textOf(file: string): string | undefined {
    if (!this.texts.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      this.texts.set(file, text);
    }
    return this.texts.get(file);
  }

  /** Named by its content, so workers that mask differently never overwrite each other's copy. */
  private maskedCopy(relativeFile: string, masked: string): string | undefined {
    const hash = createHash('sha256').update(masked).digest('hex').slice(0, 8);
    const extension = extname(relativeFile);
    const target = join(
      this.root,
      MASKED_SOURCES_DIR,
      dirname(relativeFile),
      `${basename(relativeFile, extension)}.${hash}${extension}`,
    );
    try {
      if (!existsSync(target)) {
        mkdirSync(dirname(target), { recursive: true });
        const temporary = `${target}.${process.pid}.tmp`;
        writeFileSync(temporary, masked, { mode: 0o600 });
        renameSync(temporary, target);
      }
      return target;
    } catch {
      return undefined;
    }
  }
}

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
