import { Type, type Static } from '../core/typebox.js';
import { X12BuildSpecSchema, X12SegmentSpecSchema } from '../edi/x12/build-spec.js';

/** Envelope fields of a document to send; sender and receiver default from the tenant profile and partner. */
export const X12EnvelopeOverride = Type.Partial(Type.Omit(X12BuildSpecSchema, ['sets', 'groups']), {
  additionalProperties: false,
  description: 'envelope settings: sender, receiver, version, usage, delimiters, control numbers',
});

export const X12SegmentList = Type.Array(X12SegmentSpecSchema, {
  minItems: 1,
  description: 'the segments between ST and SE, as [id, el01, el02, ...] or { id, "01": ... }; expressions allowed',
});

/** An `edi/templates/<name>.yaml` file: a transaction set `edi.send` builds. */
export const EdiTemplateSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    envelope: Type.Optional(X12EnvelopeOverride),
    segments: X12SegmentList,
  },
  { additionalProperties: false, description: 'an X12 transaction set template for edi.send' },
);
export type EdiTemplate = Static<typeof EdiTemplateSchema>;
export type X12EnvelopeOverride = Static<typeof X12EnvelopeOverride>;
