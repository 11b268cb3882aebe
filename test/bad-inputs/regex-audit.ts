// The regular expressions Rehearse applies to text a user wrote, and inputs that make a
// backtracking pattern take quadratic or exponential time. Shared by the audit test (run in a
// child process bounded by CPU) and the bench.
import { DURATION_PATTERN } from '../../src/core/duration.js';
import { SECRET_REF_PATTERN } from '../../src/core/secret-ref.js';
import { fileKindJsonSchemas } from '../../src/schema/index.js';
import { FaultProfileSchema } from '../../src/virtual/faults/fault-profile-schema.js';

/** Every `pattern` of the file schemas (JSON Schema `pattern`, `patternProperties`), deduplicated. */
export function schemaPatterns(): string[] {
  const found = new Set<string>([DURATION_PATTERN, SECRET_REF_PATTERN]);
  const stack: unknown[] = [...Object.values(fileKindJsonSchemas()), FaultProfileSchema];
  const seen = new Set<unknown>();
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') found.add(value);
      else if (key === 'patternProperties' && value && typeof value === 'object')
        for (const p of Object.keys(value)) found.add(p);
      stack.push(value);
    }
  }
  return [...found].sort();
}

/** Regular expressions of the loader and leaf layers that run on user text (kept in step with src/). */
export const CODE_PATTERNS: Array<{ where: string; re: RegExp }> = [
  { where: 'core/duration parseDuration', re: /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/ },
  { where: 'virtual/faults route check', re: /^[A-Za-z*]+\s+\/\S*$/ },
  { where: 'core/json-path bare name character', re: /[\p{L}\p{N}\p{M}_$-]/u },
  { where: 'core/json-path index', re: /^\d+$/ },
  { where: 'core/json-path bare name', re: /^[\p{L}\p{N}\p{M}_$-]+$/u },
  { where: 'core/numeric-scalars leading zeros', re: /^0\d/ },
  { where: 'core/numeric-scalars decimal zeros', re: /\.\d*0$/ },
  { where: 'edi/query/path function', re: /^(count|sum)\((.*)\)$/ },
  { where: 'edi/query/path brackets', re: /^(?:\[[^\]]*\])*/ },
  { where: 'edi/query/path filter', re: /^(\d{1,2})(?:-(\d{1,2}))?\s*(!=|=)\s*(.*)$/ },
  { where: 'edi/x12 check-elements decimal', re: /^-?(?:\d+(?:\.\d*)?|\.\d+)$/ },
  { where: 'edi/x12 check-elements time', re: /^\d{4}(\d{2}(\d{1,2})?)?$/ },
  { where: 'core/diagnostic formatPath', re: /^[A-Za-z_$][\w$-]*$/ },
];

const PREFIXES = ['', 'GET /', 'GET /x', 'env:', 'file:', '{{', '{{ a', 'a', '1', '1.5', '@a', 'a.b', '"', '[', 'SN1['];
const UNITS = [
  ...' aA0{}.-_:/\\"\'[]@=()\t',
  '{{',
  '}}',
  '{}',
  '{ ',
  ' {',
  'a.',
  '.a',
  '1.',
  'a-',
  'a:',
  '{{a',
  '[0]',
  '1 ',
];

/** Long inputs that end in a character no pattern accepts, so a backtracking engine tries every split. */
export function* adversarialInputs(length: number): Generator<string> {
  for (const prefix of PREFIXES)
    for (const unit of UNITS) yield prefix + unit.repeat(Math.ceil(length / unit.length)) + '\u0001';
}
