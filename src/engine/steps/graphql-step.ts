import type { GraphqlStep } from '../../schema/index.js';
import { parseDuration } from '../../core/duration.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { renderUrl } from '../render-url.js';
import { sendAndCheck, responseSubject } from '../send-and-check.js';
import type { StepOutcome } from '../step-registry.js';
import { renderHeaders, resolveUrl } from './http-step.js';

/**
 * `graphql: { query, variables }` — POSTs to /graphql (or `url`, checked
 * against allowedHosts like any request). In production only a document of
 * queries is sent; a mutation is refused before it leaves. The subject
 * adds `data` and `errors`; GraphQL `errors[]` fail the step unless the step
 * expects something about `errors` itself.
 */
export async function executeGraphql(step: GraphqlStep, ctx: StepContext): Promise<StepOutcome> {
  const { query, variables, operationName, url } = step.graphql;
  const mentionsErrors = Object.keys(step.expect ?? {}).some(
    (k) => k === 'errors' || k.startsWith('errors.') || k.startsWith('errors['),
  );
  return sendAndCheck(
    {
      method: 'POST',
      url: resolveUrl(renderUrl(url ?? '/graphql', ctx), ctx),
      headers: renderHeaders(step.headers, ctx),
      body: { json: { query, variables: variables ? renderValue(variables, ctx) : undefined, operationName } },
      timeoutMs: step.timeout ? parseDuration(step.timeout) : undefined,
      followRedirects: step.followRedirects,
      // Lets the production guard read the document: a query is a read although it is POSTed.
      graphql: true,
    },
    { expect: step.expect, save: step.save, maxDuration: step.maxDuration },
    ctx,
    (response) => {
      const base = responseSubject(response);
      const body = (base.body && typeof base.body === 'object' ? base.body : {}) as {
        data?: unknown;
        errors?: unknown;
      };
      const errors = Array.isArray(body.errors) ? body.errors : [];
      const subject = { ...base, data: body.data ?? null, errors };
      if (errors.length === 0 || mentionsErrors) return { subject };
      const messages = errors.map((e) =>
        e && typeof e === 'object' && 'message' in e ? String(e.message) : JSON.stringify(e),
      );
      return {
        subject,
        extraChecks: [
          {
            path: 'errors',
            matcher: 'graphql',
            expected: [],
            actual: messages,
            passed: false,
            message: `GraphQL returned ${errors.length} error(s): ${messages.join('; ')}`,
          },
        ],
      };
    },
  );
}
