export { defineRehearseConfig, reporters } from './config.js';
export { declareScenarioFile } from './define-tests.js';
export { RUN_OPTIONS_VARIABLE, readRunOptions } from './run-options.js';
export type { RunOptions } from './run-options.js';
