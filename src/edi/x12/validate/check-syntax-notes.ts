export interface NoteViolation {
  note: string;
  /** Element to point at (1-based). */
  element: number;
  code: string;
  /** AK403: 2 conditional required element missing, 10 exclusion condition violated. */
  ack: '2' | '10';
  why: string;
}

const KIND: Record<string, string> = {
  P: 'EDI_SYNTAX_PAIRED',
  R: 'EDI_SYNTAX_REQUIRED',
  E: 'EDI_SYNTAX_EXCLUSION',
  C: 'EDI_SYNTAX_CONDITIONAL',
  L: 'EDI_SYNTAX_LIST_CONDITIONAL',
};

interface CompiledNote {
  note: string;
  kind: string;
  code: string;
  positions: number[];
}

// Notes are per segment definition and read for every segment: parse each list once.
const compiled = new WeakMap<readonly string[], CompiledNote[]>();

function compile(notes: readonly string[]): CompiledNote[] {
  let out = compiled.get(notes);
  if (!out) {
    out = [];
    for (const note of notes) {
      const kind = note[0] ?? '';
      const positions = note.slice(1).match(/\d{2}/g)?.map(Number) ?? [];
      const code = KIND[kind];
      if (code && positions.length >= 2) out.push({ note, kind, code, positions });
    }
    compiled.set(notes, out);
  }
  return out;
}

function present(values: readonly string[], i: number): boolean {
  const v = values[i];
  return v !== undefined && v !== '';
}

function names(values: readonly string[], positions: readonly number[]): string {
  return positions.map((i) => `${values[0] ?? ''}${String(i).padStart(2, '0')}`).join(', ');
}

/**
 * X12 relational conditions on a segment's elements, written as in the standard:
 * `P0607` paired (all or none), `R0203` at least one, `E0102` at most one,
 * `C0504` if the first then all others, `L030405` if the first then at least one other.
 *
 * @example
 * checkSyntaxNotes(['PO1', '1', '2', 'EA', '', '', 'CB', ''], ['P0607']); // PO107 missing
 */
export function checkSyntaxNotes(values: readonly string[], notes: readonly string[]): NoteViolation[] {
  const out: NoteViolation[] = [];
  for (const { note, kind, code, positions } of compile(notes)) {
    let count = 0;
    for (const i of positions) if (present(values, i)) count++;
    const first = positions[0]!;
    switch (kind) {
      case 'P':
        if (count > 0 && count < positions.length) {
          const here = positions.filter((i) => present(values, i));
          const missing = positions.filter((i) => !present(values, i));
          out.push({
            note,
            element: missing[0]!,
            code,
            ack: '2',
            why: `${names(values, here)} present but ${names(values, missing)} missing (all or none)`,
          });
        }
        break;
      case 'R':
        if (count === 0)
          out.push({
            note,
            element: first,
            code,
            ack: '2',
            why: `at least one of ${names(values, positions)} is required`,
          });
        break;
      case 'E':
        if (count > 1) {
          const here = positions.filter((i) => present(values, i));
          out.push({
            note,
            element: here[1]!,
            code,
            ack: '10',
            why: `only one of ${names(values, positions)} may be present`,
          });
        }
        break;
      case 'C':
        if (present(values, first) && count < positions.length) {
          const absent = positions.slice(1).filter((i) => !present(values, i));
          out.push({
            note,
            element: absent[0]!,
            code,
            ack: '2',
            why: `${names(values, [first])} is present, so ${names(values, absent)} ${absent.length > 1 ? 'are' : 'is'} required`,
          });
        }
        break;
      case 'L':
        if (present(values, first) && count === 1) {
          const rest = positions.slice(1);
          out.push({
            note,
            element: rest[0]!,
            code,
            ack: '2',
            why: `${names(values, [first])} is present, so at least one of ${names(values, rest)} is required`,
          });
        }
        break;
    }
  }
  return out;
}
