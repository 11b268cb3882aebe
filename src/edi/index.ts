// Public API of rehearse/edi. Types are exported with `export type`, values below.
export type {
  Delimiters,
  FunctionalGroup,
  Interchange,
  ParseX12Options,
  ParseX12Result,
  Segment,
  SegmentPosition,
  SupportedSetId,
  TransactionSet,
} from './x12/types.js';
export type {
  X12BuildSpec,
  X12DelimiterSpec,
  X12ElementValue,
  X12GroupSpec,
  X12Party,
  X12SegmentObject,
  X12SegmentSpec,
  X12SetSpec,
} from './x12/build-spec.js';
export type { BuildX12Options, BuiltX12 } from './x12/build-x12.js';
export type { ControlNumbers, ControlNumberSeed } from './x12/control-numbers.js';
export type { X12AckCodes, X12Location, X12Problem } from './x12/validate/problem.js';
export type { ValidateX12Options, X12ValidationResult } from './x12/validate/validate-x12.js';
export type { AckElementError, AckGroupResult, AckSegmentError, AckSetResult } from './x12/ack/ack-types.js';
export type { AcknowledgeOptions, AcknowledgeResult } from './x12/ack/acknowledge.js';
export type { X12QueryTarget } from './x12/query-x12.js';
export type { QueryValue } from './query/evaluate-path.js';
export type { ParsedPath, PathFilter, PathParseResult, PathSelector } from './query/path.js';
export type { AsnItem, AsnNode, AsnOrder, AsnPack, AsnTree } from './x12/asn-tree.js';
export type { HlFinding } from './x12/validate/check-hl-tree.js';
export type { FormatX12ForReportOptions } from './x12/format-x12-for-report.js';
export type {
  EdifactDelimiters,
  EdifactGroup,
  EdifactInterchange,
  EdifactMessage,
  EdifactSegment,
  ParseEdifactResult,
} from './edifact/types.js';
export type { ParseEdifactOptions } from './edifact/parse-edifact.js';
export type { EdifactQueryTarget } from './edifact/query-edifact.js';
export type { EdiAckCommandOptions, EdiCommandOptions, EdiCommandResult } from './cli-commands.js';

export { parseX12 } from './x12/parse-x12.js';
export { decodeEbcdic037, isEbcdicX12 } from './x12/ebcdic.js';
export { buildX12, buildX12Document } from './x12/build-x12.js';
export { X12BuildSpecSchema, X12SegmentSpecSchema, X12SetSpecSchema } from './x12/build-spec.js';
export { createControlNumbers, defaultControlNumbers } from './x12/control-numbers.js';
export { FUNCTIONAL_ID_BY_SET } from './x12/functional-ids.js';
export { validateInterchange, validateX12 } from './x12/validate/validate-x12.js';
export { acknowledge } from './x12/ack/acknowledge.js';
export { queryX12, querySegments } from './x12/query-x12.js';
export { parseX12Path, PATH_SYNTAX } from './query/path.js';
export { asnTree } from './x12/asn-tree.js';
export { formatX12ForReport } from './x12/format-x12-for-report.js';
export { parseEdifact, DEFAULT_EDIFACT_DELIMITERS } from './edifact/parse-edifact.js';
export { queryEdifact } from './edifact/query-edifact.js';
export { ediAckCommand, ediInternalError, ediValidateCommand } from './cli-commands.js';
