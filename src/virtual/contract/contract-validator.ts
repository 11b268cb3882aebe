import type { ErrorObject, ValidateFunction } from 'ajv';
import { formatPath } from '../../core/diagnostic.js';
import { bigintsAsNumbers } from '../../core/bigints-as-numbers.js';
import { createAjv } from '../../core/schema-validate.js';
import { compileCached } from '../../core/validator-cache.js';
import { compilePathPattern, type PathPattern } from '../routing/path-pattern.js';

/** The parts of a request the contract looks at. */
export interface ContractInput {
  method: string;
  segments: readonly string[];
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  contentType: string | undefined;
  body: Buffer;
  /** The body parsed, when it is JSON (`undefined` = not JSON); `hasBigints: false`: it holds no `bigint`. */
  json: { value: unknown; hasBigints?: boolean } | undefined;
}

interface Operation {
  method: string;
  pattern: PathPattern;
  bodyRequired: boolean;
  media: { type: string; validate: ValidateFunction | undefined }[];
  params: { in: 'header' | 'query'; name: string; required: boolean; validate: ValidateFunction | undefined }[];
}

type Json = Record<string, unknown>;

/**
 * Checks requests against a partner's `contract.json` (an OpenAPI 3.x
 * document: paths → operations → requestBody schemas and required header or
 * query parameters). Schemas are compiled once with ajv; a request breaking
 * the contract is answered as usual and flagged in the journal.
 *
 * @example
 * const contract = compileContract(JSON.parse(readFileSync('virtual-services/carrier/contract.json', 'utf8')));
 * contract.check({ method: 'POST', segments: ['rates'], ... }) // ['body.parcels is required']
 */
export function compileContract(document: Json): ContractValidator {
  // Each validator is the whole document with a root `$ref` to one schema in it: a schema of its
  // own, so the validator an earlier process saved for it is reused (compileCached) — compiling a
  // contract took about 0.2–0.4 s of every run's start-up — and Ajv starts only when none is.
  const compile = (pointer: string): ValidateFunction =>
    compileCached(() => createAjv({ standalone: true }), { ...withoutSchemaKeywords(document), $ref: pointer });
  const operations: Operation[] = [];
  const paths = (document.paths ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(method)) continue;
      const op = operation as Json;
      const pointer = `#/paths/${escape(path)}/${method}`;
      const requestBody = (op.requestBody ?? {}) as Json;
      const content = (requestBody.content ?? {}) as Record<string, Json>;
      const media = Object.entries(content).map(([type, entry]) => ({
        type: type.toLowerCase(),
        validate: entry.schema ? compile(`${pointer}/requestBody/content/${escape(type)}/schema`) : undefined,
      }));
      const params = ((op.parameters ?? []) as Json[])
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => p.in === 'header' || p.in === 'query')
        .map(({ p, i }) => ({
          in: p.in as 'header' | 'query',
          name: String(p.name),
          required: p.required === true,
          validate: p.schema ? compile(`${pointer}/parameters/${i}/schema`) : undefined,
        }));
      operations.push({
        method: method.toUpperCase(),
        pattern: compilePathPattern(path),
        bodyRequired: requestBody.required === true,
        media,
        params,
      });
    }
  }
  return new ContractValidator(operations);
}

/** @see compileContract */
export class ContractValidator {
  constructor(private readonly operations: readonly Operation[]) {}

  /** Whether the contract describes this method and path. */
  covers(method: string, segments: readonly string[]): boolean {
    return this.find(method, segments) !== undefined;
  }

  /** Violation messages, or undefined when the request keeps the contract (or the contract has no such operation). */
  check(input: ContractInput): string[] | undefined {
    const op = this.find(input.method, input.segments);
    if (!op) return undefined;
    const out: string[] = [];
    for (const param of op.params) {
      const raw =
        param.in === 'header' ? input.headers[param.name.toLowerCase()] : (input.query.get(param.name) ?? undefined);
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      if (value === undefined || value === '') {
        if (param.required) out.push(`${param.in} ${param.name} is required`);
      } else if (param.validate && !param.validate(value)) {
        out.push(...messages(param.validate.errors, `${param.in} ${param.name}`));
      }
    }
    if (op.media.length) out.push(...this.checkBody(op, input));
    return out.length ? out : undefined;
  }

  private checkBody(op: Operation, input: ContractInput): string[] {
    if (input.body.length === 0) return op.bodyRequired ? ['body is required'] : [];
    const raw = input.contentType ?? '';
    const semicolon = raw.indexOf(';');
    const type = (semicolon === -1 ? raw : raw.slice(0, semicolon)).trim().toLowerCase();
    const media = mediaFor(op, type) ?? mediaFor(op, '*/*');
    if (!media)
      return [`content-type ${type || '(none)'} is not accepted; expected ${op.media.map((m) => m.type).join(' or ')}`];
    if (!media.validate) return [];
    const isJson = type === 'application/json' || type.endsWith('+json');
    if (isJson && !input.json) return ['body is not valid JSON'];
    const value = isJson ? input.json!.value : input.body.toString('utf8');
    // Walking the value for bigints is skipped where the parse says there is none (most bodies).
    const plain = isJson && input.json!.hasBigints === false ? value : bigintsAsNumbers(value);
    return media.validate(plain) ? [] : messages(media.validate.errors, 'body');
  }

  // A plain loop (no callback per request): this runs for every request the partner gets.
  private find(method: string, segments: readonly string[]): Operation | undefined {
    for (const op of this.operations) if (op.method === method && op.pattern.match(segments) !== undefined) return op;
    return undefined;
  }
}

function mediaFor(op: Operation, type: string): Operation['media'][number] | undefined {
  for (const media of op.media) if (media.type === type) return media;
  return undefined;
}

function messages(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const segments = e.instancePath
      ? e.instancePath
          .slice(1)
          .split('/')
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')))
      : [];
    const rest = formatPath(segments);
    const where = rest === '' ? root : rest.startsWith('[') ? `${root}${rest}` : `${root}.${rest}`;
    if (e.keyword === 'required') return `${where}.${String(e.params.missingProperty)} is required`;
    if (e.keyword === 'additionalProperties') return `${where}.${String(e.params.additionalProperty)} is not allowed`;
    if (e.keyword === 'enum')
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    return `${where} ${e.message ?? 'is invalid'}`;
  });
}

// An OpenAPI document's own `$id` or `$schema` would change how Ajv reads the root; its other keys
// (openapi, info, paths, components) are not keywords and are ignored.
function withoutSchemaKeywords(document: Json): Json {
  const { $id: _id, $schema: _schema, $ref: _ref, ...rest } = document;
  return rest;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
