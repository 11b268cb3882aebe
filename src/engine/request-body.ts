import type { StepContext } from './context.js';
import { renderText, renderValue } from './evaluate.js';
import type { TransportRequest } from './transport.js';

interface BodyFields {
  json?: unknown;
  form?: Record<string, unknown>;
  text?: string;
  raw?: string;
  contentType?: string;
}

/** Renders the one body a request step declares (json, form, text or base64 raw). */
export function buildRequestBody(step: BodyFields, ctx: StepContext): TransportRequest['body'] {
  const contentType = step.contentType ? { contentType: step.contentType } : {};
  if (step.json !== undefined) return { json: renderValue(step.json, ctx) };
  if (step.form !== undefined) {
    const form = renderValue(step.form, ctx) as Record<string, unknown>;
    return { form: Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)])) };
  }
  if (step.text !== undefined) return { text: renderText(step.text, ctx), ...contentType };
  if (step.raw !== undefined) return { raw: Buffer.from(renderText(step.raw, ctx), 'base64'), ...contentType };
  return undefined;
}
