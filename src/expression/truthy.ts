/** Truth as `if:`, `!`, `&&`, `||` and `filter` see it: an empty list is false, as is `0`, `""` and `null`. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}
