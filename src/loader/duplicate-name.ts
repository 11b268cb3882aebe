import type { Diagnostic } from '../core/diagnostic.js';
import type { ParsedFile } from './parse-file.js';

/** `REHEARSE_DUPLICATE_NAME` at the key that names the second definition of `name`. */
export function duplicateName<T>(
  noun: string,
  name: string,
  parsed: ParsedFile<T>,
  path: Array<string | number>,
  firstFile: string,
): Diagnostic {
  return {
    code: 'REHEARSE_DUPLICATE_NAME',
    message: `Duplicate ${noun} "${name}" (already defined in ${firstFile}).`,
    ...parsed.source.locate(path, { key: true }),
    expected: `${noun} names unique in the project`,
    hint: 'Rename one of them.',
  };
}
