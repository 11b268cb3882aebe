/**
 * Characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets):
 * #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
 * Everything else — C0 controls, lone surrogates, U+FFFE, U+FFFF — makes a
 * document ill-formed, so it is replaced by U+FFFD. With the `u` flag a
 * well-formed surrogate pair is one code point and stays.
 */
const NOT_XML_1_0 = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// Terminal colours in messages are noise in a CI tool's page.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** `text` as XML character data: escaped, ANSI colours removed, never ill-formed. */
export function xmlText(text: string): string {
  return clean(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** `text` as an attribute value in double quotes; line breaks and tabs kept as character references. */
export function xmlAttribute(text: string): string {
  return clean(text).replace(/[&<>"\n\r\t]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

function clean(text: string): string {
  return text.replace(ANSI, '').replace(NOT_XML_1_0, '\uFFFD');
}

/** One element of a document to serialize. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number | undefined>;
  children?: XmlElement[];
  text?: string;
}

/** Serializes an element tree with two-space indentation. */
export function serializeXml(root: XmlElement): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (element: XmlElement, depth: number) => {
    const pad = '  '.repeat(depth);
    const attributes = Object.entries(element.attributes ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
      .join('');
    const children = element.children ?? [];
    if (!children.length && element.text === undefined) {
      lines.push(`${pad}<${element.name}${attributes}/>`);
      return;
    }
    if (!children.length) {
      lines.push(`${pad}<${element.name}${attributes}>${xmlText(element.text ?? '')}</${element.name}>`);
      return;
    }
    lines.push(`${pad}<${element.name}${attributes}>`);
    for (const child of children) write(child, depth + 1);
    if (element.text !== undefined) lines.push(xmlText(element.text));
    lines.push(`${pad}</${element.name}>`);
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}
