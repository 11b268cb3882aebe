// Public API of `rehearse`: load and check a project as `rehearse validate` does, and turn
// the problems into text, without reaching into internal paths. Running scenarios is the CLI's
// job (`rehearse run`) and Playwright's (`rehearse/playwright`); partners and EDI have their own
// entry points (`rehearse/virtual`, `rehearse/edi`). Nothing here loads Playwright or undici.
//
// @example
// import { loadProject, formatDiagnostics } from 'rehearse';
// const { project, diagnostics, sources } = loadProject({ root: process.cwd() });
// if (!project) process.stderr.write(formatDiagnostics(diagnostics, { sources }));

export { loadProject } from './loader/load-project.js';
export { findProjectFiles, CONFIG_FILE } from './loader/project-files.js';
export { buildMatrix, tenantsFor } from './loader/matrix.js';
export { DEFAULT_CONFIG } from './loader/project.js';

export { formatDiagnostics } from './core/format-diagnostics.js';
export { codeFrame } from './core/code-frame.js';
export { formatPath, isError } from './core/diagnostic.js';
export { didYouMean, suggestionHint } from './core/did-you-mean.js';
export { characterName, describeUnusualCharacters, unusualCharacters } from './core/unicode-characters.js';
export { parseYamlSource } from './core/yaml-source.js';
export { parseJsonSource } from './core/json-source.js';
export { readUserFile, MAX_USER_FILE_BYTES } from './core/read-user-file.js';
export { MAX_EXPANDED_VALUES, MAX_FILE_DIAGNOSTICS, MAX_NESTING } from './core/yaml-limits.js';
export { RehearseError, InvalidProjectError, isRehearseError } from './core/errors.js';
export { parseDuration, formatDuration } from './core/duration.js';
export { fileKindJsonSchemas } from './schema/index.js';

export type { LoadOptions, LoadResult } from './loader/load-project.js';
export type { ProjectFiles } from './loader/project-files.js';
export type { MatrixEntry, MatrixFilter } from './loader/matrix.js';
export type {
  LoadedAction,
  LoadedEdiTemplate,
  LoadedFragment,
  LoadedScenario,
  LoadedTenant,
  Origin,
  Project,
} from './loader/project.js';
export type { Diagnostic, SourcePosition } from './core/diagnostic.js';
export type { FormatOptions } from './core/format-diagnostics.js';
export type { CodeFrameOptions } from './core/code-frame.js';
export type { CharacterKind, UnusualCharacter } from './core/unicode-characters.js';
export type { YamlSource } from './core/yaml-source.js';
export type { JsonSource } from './core/json-source.js';
export type { DecodedText } from './core/decode-user-text.js';
export type {
  Action,
  ActionFile,
  DriverName,
  EdiTemplate,
  EnvironmentConfig,
  Fragment,
  RehearseConfig,
  Scenario,
  Step,
  StepKindName,
  TenantProfile,
  TenantSelector,
} from './schema/index.js';
