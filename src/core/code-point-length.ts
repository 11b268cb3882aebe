/**
 * The length of a text in characters (Unicode code points), as JSON Schema's `maxLength` and
 * `minLength` count them (JSON Schema Validation 2020-12 §6.3.1) and as Ajv does: "😀" is 1,
 * where JavaScript's `.length` counts UTF-16 code units and says 2. A lone surrogate counts as one.
 *
 * @example
 * codePointLength('né😀') // 3
 */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
