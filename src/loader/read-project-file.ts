import { decodeUserText, type DecodedText } from '../core/decode-user-text.js';
import { readUserBytes } from '../core/read-user-file.js';
import type { LoadContext } from './load-context.js';

/**
 * A project file's text, as `readUserFile` gives it, from the bytes the project digest read
 * (`LoadContext.reads`) when it has them: each file is read once per load, and what is
 * validated is byte for byte what the digest hashed. The bytes are dropped once decoded.
 */
export function readProjectFile(load: LoadContext, file: string): DecodedText {
  const read = load.reads?.get(file) ?? readUserBytes(load.root, file);
  load.reads?.delete(file);
  if (read.bytes === undefined) return { text: undefined, diagnostics: [read.problem] };
  return decodeUserText(file, read.bytes);
}
