import { Type, type Static } from '../../core/typebox.js';

const Component = Type.Union([Type.String(), Type.Number()]);

/** An element value: text, a number (written as is), empty (null), or a composite's components. */
export const X12ElementValueSchema = Type.Union([Type.String(), Type.Number(), Type.Null(), Type.Array(Component)], {
  description: 'Element value; an array is a composite element written with the component separator.',
});

const SEGMENT_ID = '^[A-Z][A-Z0-9]{1,2}$';

/**
 * Segment as an array: the id first, then XX01, XX02, ...
 *
 * @example
 * const beg = ['BEG', '00', 'SA', 'PO123', '', '20261122'];
 */
export const X12SegmentArraySchema = Type.Array(X12ElementValueSchema, {
  minItems: 1,
  description: 'Segment as an array: the segment id first, then its elements in order.',
});

/** `{ id: 'N1', elements: ['ST', 'ACME'] }` or `{ id: 'N1', '01': 'ST', '02': 'ACME' }`. */
export const X12SegmentObjectSchema = Type.Object(
  {
    id: Type.String({ pattern: SEGMENT_ID, description: 'Segment id, e.g. BEG' }),
    elements: Type.Optional(Type.Array(X12ElementValueSchema)),
  },
  {
    additionalProperties: false,
    patternProperties: { '^[0-9]{2}$': X12ElementValueSchema },
    description: 'Segment as an object: `elements` in order, or element positions as keys ("01", "02", ...).',
  },
);

/**
 * A segment in either form.
 *
 * @example
 * validateWithSchema(X12SegmentSpecSchema, source, { basePath: ['sets', 0, 'segments', 2], value });
 */
export const X12SegmentSpecSchema = Type.Union([X12SegmentArraySchema, X12SegmentObjectSchema]);

/**
 * One transaction set to build: ST01, optional ST02/ST03, and the segments between ST and SE.
 *
 * @example
 * const set = { id: '850', segments: [['BEG', '00', 'SA', 'PO1', '', '20260101']] };
 */
export const X12SetSpecSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9]{3}$', description: 'ST01 transaction set id, e.g. 850' }),
    controlNumber: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{4,9}$', description: 'ST02; default: next' })),
    implementationReference: Type.Optional(Type.String({ minLength: 1, maxLength: 35, description: 'ST03' })),
    segments: Type.Array(X12SegmentSpecSchema, {
      description: 'Segments between ST and SE (both are written for you).',
    }),
  },
  { additionalProperties: false },
);

export const X12PartySchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 15 }),
    qualifier: Type.Optional(Type.String({ minLength: 2, maxLength: 2, description: 'ISA05/07; default ZZ' })),
  },
  { additionalProperties: false },
);

export const X12GroupSpecSchema = Type.Object(
  {
    functionalId: Type.Optional(
      Type.String({ pattern: '^[A-Z]{2}$', description: 'GS01; default from the first set' }),
    ),
    controlNumber: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'GS06; default: next' })),
    sender: Type.Optional(Type.String({ minLength: 2, maxLength: 15, description: 'GS02; default the ISA sender id' })),
    receiver: Type.Optional(
      Type.String({ minLength: 2, maxLength: 15, description: 'GS03; default the ISA receiver id' }),
    ),
    date: Type.Optional(Type.String({ description: 'GS04 as CCYYMMDD or YYYY-MM-DD; default: the interchange date' })),
    time: Type.Optional(Type.String({ description: 'GS05 as HHMM, HHMMSS or HH:MM; default: the interchange time' })),
    agency: Type.Optional(Type.String({ minLength: 1, maxLength: 2, description: 'GS07; default X' })),
    version: Type.Optional(
      Type.String({ minLength: 1, maxLength: 12, description: 'GS08; default from ISA12 (004010)' }),
    ),
    sets: Type.Array(X12SetSpecSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const X12DelimitersSchema = Type.Object(
  {
    element: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    component: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    repetition: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    lineBreak: Type.Optional(
      Type.String({ maxLength: 2, description: 'Written after each terminator: "\\n", "\\r\\n" or ""' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * What `buildX12` writes: one interchange. Validate a YAML spec with the core
 * `validateWithSchema(X12BuildSpecSchema, source)` for positioned problems. Give `groups`, or just `sets` (one group is made,
 * its GS01 derived from the first set: 850→PO, 855→PR, 856→SH, 810→IN, 997→FA, 940→OW, 945→SW).
 *
 * @example
 * validateWithSchema(X12BuildSpecSchema, parseYamlSource('po.yaml', text)); // [] when the spec is well formed
 */
export const X12BuildSpecSchema = Type.Object(
  {
    sender: X12PartySchema,
    receiver: X12PartySchema,
    date: Type.Optional(
      Type.String({ description: 'Interchange date: CCYYMMDD, YYMMDD or YYYY-MM-DD; default now (UTC)' }),
    ),
    time: Type.Optional(Type.String({ description: 'HHMM or HH:MM; default now (UTC)' })),
    version: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', description: 'ISA12; default 00401' })),
    usage: Type.Optional(
      Type.Union([Type.Literal('P'), Type.Literal('T'), Type.Literal('I')], { description: 'ISA15; default T' }),
    ),
    ackRequested: Type.Optional(
      Type.Union([Type.Literal('0'), Type.Literal('1')], { description: 'ISA14; default 0' }),
    ),
    controlNumber: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'ISA13; default: next' })),
    authorization: Type.Optional(
      Type.Object({ qualifier: Type.String(), value: Type.String() }, { additionalProperties: false }),
    ),
    security: Type.Optional(
      Type.Object({ qualifier: Type.String(), value: Type.String() }, { additionalProperties: false }),
    ),
    delimiters: Type.Optional(X12DelimitersSchema),
    groups: Type.Optional(Type.Array(X12GroupSpecSchema, { minItems: 1 })),
    sets: Type.Optional(Type.Array(X12SetSpecSchema, { minItems: 1 })),
  },
  { additionalProperties: false },
);

export type X12ElementValue = Static<typeof X12ElementValueSchema>;
/** The segment object form; element positions as keys (`'01'`) are allowed beside `elements`. */
export type X12SegmentObject = Static<typeof X12SegmentObjectSchema> & {
  [position: `${number}`]: X12ElementValue | undefined;
};
export type X12SegmentSpec = Static<typeof X12SegmentArraySchema> | X12SegmentObject;
export type X12SetSpec = Omit<Static<typeof X12SetSpecSchema>, 'segments'> & { segments: X12SegmentSpec[] };
export type X12GroupSpec = Omit<Static<typeof X12GroupSpecSchema>, 'sets'> & { sets: X12SetSpec[] };
export type X12Party = Static<typeof X12PartySchema>;
export type X12DelimiterSpec = Static<typeof X12DelimitersSchema>;
export type X12BuildSpec = Omit<Static<typeof X12BuildSpecSchema>, 'groups' | 'sets'> & {
  groups?: X12GroupSpec[];
  sets?: X12SetSpec[];
};
