import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../core/yaml-library.js';
import { CONFIG_FILE } from '../loader/project-files.js';

/**
 * `outputDir` of the project's rehearse.config.yaml at `root` when the file says it, read at a
 * glance (no validation): where a run or a merge writes its reports before — or without — a
 * valid project. Undefined when the file is missing, unreadable, not YAML, or says nothing of it.
 * Throws nothing.
 *
 * @example
 * resolve(root, options.outputDir ?? configuredOutputDir(root) ?? 'reports')
 */
export function configuredOutputDir(root: string): string | undefined {
  try {
    const config = parse(readFileSync(join(root, CONFIG_FILE), 'utf8')) as { outputDir?: unknown } | null;
    return typeof config?.outputDir === 'string' ? config.outputDir : undefined;
  } catch {
    return undefined;
  }
}
