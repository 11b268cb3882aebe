import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler sees of one request. Bodies are read lazily. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** What a handler returns; `json` and `html` are serialized by the server. */
export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string | string[]> }
  | { status?: number; html: string; headers?: Record<string, string | string[]> }
  | { status?: number; text: string; contentType?: string; headers?: Record<string, string | string[]> }
  | { status: number; redirect: string; headers?: Record<string, string | string[]> };

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** The result of matching a path: a handler, a 405 (with the allowed methods), or nothing. */
export type Match = { handler: Handler; params: Record<string, string> } | { allowed: string[] } | undefined;

/**
 * A tiny method + path router. Patterns use `:name` segments, matched against
 * the decoded segment (no slashes).
 *
 * @example
 * const router = createRouter();
 * router.add('GET', '/api/orders/:id', (ctx) => ({ json: { id: ctx.params.id } }));
 */
export interface Router {
  add(method: string, path: string, handler: Handler): void;
  match(method: string, path: string): Match;
}

export function createRouter(): Router {
  const routes: Route[] = [];
  return {
    add(method, path, handler) {
      const keys: string[] = [];
      const source = path
        .split('/')
        .map((segment) => {
          if (segment.startsWith(':')) {
            keys.push(segment.slice(1));
            return '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    },
    match(method, path) {
      const allowed: string[] = [];
      for (const route of routes) {
        const m = route.pattern.exec(path);
        if (!m) continue;
        if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
          allowed.push(route.method);
          continue;
        }
        const params: Record<string, string> = {};
        route.keys.forEach((key, i) => {
          let value = m[i + 1] ?? '';
          try {
            value = decodeURIComponent(value);
          } catch {
            // keep the raw segment: it will not match anything and yields a 404
          }
          params[key] = value;
        });
        return { handler: route.handler, params };
      }
      return allowed.length > 0 ? { allowed } : undefined;
    },
  };
}
