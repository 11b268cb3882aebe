/**
 * Commander's collector for a repeatable, comma-separated list option (`--tenant a,b --tenant c`
 * → `['a', 'b', 'c']`): entries trimmed, empty ones dropped.
 *
 * @example
 * program.option('--tenant <names>', 'only these tenant profiles', collectList, []);
 */
export const collectList = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];
