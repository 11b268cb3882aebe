/**
 * Bounds on the shape of a user file, far above what any real Rehearse file needs and far
 * below what exhausts a parser, a walker's call stack or the memory of a run.
 */

/** Collections nested inside each other (flow `[[[` or block indentation), aliases expanded. */
export const MAX_NESTING = 100;

/**
 * Values a file holds once its aliases are expanded. Rehearse walks values as trees, so an
 * alias counts as a copy: nine anchors of nine aliases each ("billion laughs") would be 9^9.
 */
export const MAX_EXPANDED_VALUES = 100_000;

/** Problems reported one by one per file; the rest are counted in one last diagnostic. */
export const MAX_FILE_DIAGNOSTICS = 1_000;
