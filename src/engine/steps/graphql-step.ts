import type { GraphqlStep } from '../../schema/index.js';
import { parseDuration } from '../../core/duration.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { graphqlErrorChecks } from '../graphql-error-rule.js';
import { renderUrl } from '../render-url.js';
import { sendAndCheck, responseSubject } from '../send-and-check.js';
import type { StepOutcome } from '../step-registry.js';
import { renderHeaders, resolveUrl } from './http-step.js';

/**
 * `graphql: { query, variables }` — POSTs to /graphql (or `url`, checked
 * against allowedHosts like any request). In production only a document of
 * queries is sent; a mutation is refused before it leaves. The subject
 * adds `data` (as the answer has it: absent when the answer has none, as the GraphQL spec's
 * request errors are) and `errors` (always a list). A non-empty `errors[]`, and an error result
 * in `data` (an object whose `__typename` ends in `Error`), fail the step unless the step reads
 * them (see `graphqlErrorChecks`).
 */
export async function executeGraphql(step: GraphqlStep, ctx: StepContext): Promise<StepOutcome> {
  const { query, variables, operationName, url } = step.graphql;
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
      const body = (base.body && typeof base.body === 'object' && !Array.isArray(base.body) ? base.body : {}) as {
        data?: unknown;
        errors?: unknown;
      };
      const errors = Array.isArray(body.errors) ? body.errors : [];
      const hasData = Object.hasOwn(body, 'data');
      const subject = hasData ? { ...base, data: body.data, errors } : { ...base, errors };
      const extraChecks = graphqlErrorChecks({
        data: hasData ? body.data : undefined,
        errors,
        expect: step.expect,
        save: step.save,
        enabled: ctx.engine.project.config.failOnGraphqlErrors !== false,
      });
      return extraChecks.length ? { subject, extraChecks } : { subject };
    },
  );
}
