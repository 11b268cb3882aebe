import { suggestionHint } from '../core/did-you-mean.js';
import { FUNCTIONAL_ID_BY_SET } from '../edi/x12/functional-ids.js';
import { inFile, report, type CheckContext, type Scope, type Segment } from './check-context.js';
import { checkSegmentsForSet } from './check-edi-segments.js';
import { checkTemplates } from './template-checks.js';

const SCOPE_CODES = new Set(['REHEARSE_UNKNOWN_NAME', 'REHEARSE_ENV_NOT_EXPOSED']);

/**
 * An `edi.send` step: the set is one `edi.send` can build (`REHEARSE_EDI_UNKNOWN_SET`), the
 * template exists (`REHEARSE_UNKNOWN_EDI_TEMPLATE`), and the segments — inline or the
 * template's — fit the set's dictionary. A template's expressions are checked against the
 * names this step can see, at their place in the template, saying which step sends it.
 */
export function checkEdiSend(record: Record<string, unknown>, path: Segment[], scope: Scope, ctx: CheckContext): void {
  const setId = record['edi.send'];
  if (typeof setId !== 'string') return;
  const sets = Object.keys(FUNCTIONAL_ID_BY_SET);
  if (/^[0-9]{3}$/.test(setId) && !Object.hasOwn(FUNCTIONAL_ID_BY_SET, setId)) {
    report(ctx, [...path, 'edi.send'], {
      code: 'REHEARSE_EDI_UNKNOWN_SET',
      message: `edi.send cannot build a ${setId}: no functional group (GS01) is known for that transaction set.`,
      expected: `one of ${sets.join(', ')}`,
      hint: suggestionHint(setId, sets, 'transaction set'),
    });
    return;
  }
  if (record.segments !== undefined) checkSegmentsForSet(record.segments, [...path, 'segments'], setId, ctx);
  if (typeof record.template !== 'string') return;
  if (!ctx.index.ediTemplateNames.includes(record.template)) {
    report(ctx, [...path, 'template'], {
      code: 'REHEARSE_UNKNOWN_EDI_TEMPLATE',
      message: `Unknown EDI template "${record.template}".`,
      expected: 'a template defined in edi/templates/<name>.yaml',
      hint: suggestionHint(record.template, ctx.index.ediTemplateNames, 'template'),
    });
    return;
  }
  const template = ctx.index.ediTemplates.get(record.template);
  if (!template) return; // malformed: reported in its own file
  const found: CheckContext['diagnostics'] = [];
  const inTemplate = { ...inFile(ctx, template.source), diagnostics: found };
  checkSegmentsForSet(template.template.segments, ['segments'], setId, inTemplate, { idsChecked: true });
  checkTemplates(template.template.segments, ['segments'], scope, inTemplate);
  if (template.template.envelope) checkTemplates(template.template.envelope, ['envelope'], scope, inTemplate);
  if (found.length === 0) return;
  const sender = ctx.source.locate([...path, 'template']);
  // A name depends on the sending step's scope, so its message says which step; the rest reads
  // the same from every step that sends the template (the set is in the message), so it is
  // reported once.
  for (const diagnostic of found) {
    ctx.diagnostics.push(
      SCOPE_CODES.has(diagnostic.code)
        ? {
            ...diagnostic,
            message: `${diagnostic.message} (template "${record.template}", sent by ${sender.file}:${sender.line})`,
          }
        : diagnostic,
    );
  }
}
