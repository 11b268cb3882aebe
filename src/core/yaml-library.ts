/**
 * The `yaml` library (YAML 1.2: its parser, lexer, composer and stringifier), through one
 * module. Import it from here, never from the package (lint says so; type-only imports excepted).
 *
 * Why a module of its own: `npm run build` replaces this module's compiled output with one file
 * bundling the same exports (scripts/build.mjs): the package's 70-odd ES modules cost every CLI
 * start about 30–40 ms to resolve, read and compile one at a time in Node 20. Its nodes are told
 * apart by `Symbol.for` keys, so they are the same to any other copy of the library. Run from the
 * sources (tsx), this is the package itself.
 */
// By name: the package's node build is CommonJS, whose exports a bundler cannot list from an
// `export *` (test/core checks that this list is the package's whole list).
export {
  Alias,
  Composer,
  CST,
  Document,
  isAlias,
  isCollection,
  isDocument,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Pair,
  parse,
  parseAllDocuments,
  parseDocument,
  Parser,
  Scalar,
  Schema,
  stringify,
  visit,
  visitAsync,
  YAMLError,
  YAMLMap,
  YAMLParseError,
  YAMLSeq,
  YAMLWarning,
} from 'yaml';
export type * from 'yaml';
