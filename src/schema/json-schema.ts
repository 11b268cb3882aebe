import type { TSchema } from '../core/typebox.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Turns a TypeBox schema into a standalone JSON Schema document for editors
 * (yaml-language-server): recursive `$id` schemas are hoisted into `$defs`
 * and referenced with JSON pointers, which every editor resolves.
 */
export function toJsonSchemaDocument(schema: TSchema, options: { id: string; title: string }): Record<string, Json> {
  const defs: Record<string, Json> = {};
  const hoist = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(hoist);
    if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) return { $ref: `#/$defs/${node.$ref}` };
      const out: Record<string, Json> = {};
      for (const [key, value] of Object.entries(node)) if (key !== '$id') out[key] = hoist(value);
      if (typeof node.$id === 'string') {
        defs[node.$id] = out;
        return { $ref: `#/$defs/${node.$id}` };
      }
      return out;
    }
    return node;
  };
  const plain = JSON.parse(JSON.stringify(schema)) as Json;
  const root = hoist(plain) as Record<string, Json>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: options.id,
    title: options.title,
    ...root,
    ...(Object.keys(defs).length ? { $defs: defs } : {}),
  };
}

const loadingSchemas = new WeakMap<TSchema, Record<string, Json>>();

/**
 * The schema the loader validates a whole file against: every embedded step
 * accepts anything, because the loader checks steps one at a time (with the
 * step's kind known, its errors are precise). This also keeps a recursive
 * `$id` from appearing twice in one document (steps and cleanup), which Ajv refuses.
 */
export function fileSchemaForLoading(schema: TSchema): Record<string, Json> {
  let cached = loadingSchemas.get(schema);
  if (!cached) {
    const strip = (node: Json): Json => {
      if (Array.isArray(node)) return node.map(strip);
      if (node && typeof node === 'object') {
        if (node.$id === 'Step') return { description: 'a step (checked by the loader one step at a time)' };
        return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, strip(value)]));
      }
      return node;
    };
    cached = strip(JSON.parse(JSON.stringify(schema)) as Json) as Record<string, Json>;
    loadingSchemas.set(schema, cached);
  }
  return cached;
}
