// The business summary of a run, for reporters (see reporters/business-summary.ts) and the CLI.
export { actionLatency } from './action-latency.js';
export { compareSummaries, DEFAULT_REGRESSION_THRESHOLD, type RegressionThreshold } from './compare-summaries.js';
export { renderSummaryHtml } from './render-html.js';
export { renderSummaryMarkdown } from './render-markdown.js';
export { judgeSlos, type ActionSlo, type TenantSlos } from './slo.js';
export { summarizeRun, testKey, type RunTest, type SummaryInput, type TestAttempt } from './summarize-run.js';
export type {
  BusinessSummary,
  BusinessSummaryV1,
  BusinessSummaryV2,
  SummaryDrill,
  SummaryLoad,
} from '../schema/index.js';
export { judgeSummary, NO_GATES, type QualityGateFlags } from './summary-verdict.js';
export { readBusinessSummary, type SummaryReading } from './read-summary.js';
export { tenantSlos } from './tenant-slos.js';
export { RESULT_ATTACHMENT, scenarioResultOf } from './result-attachment.js';
export { drillSummaryOf, mergeDrillSummary, type DrillRun } from './drill-summary.js';
export { SUMMARY_FILES } from './summary-files.js';
export { writeDrillIntoSummary, type DrillSummaryWrite } from './write-drill-summary.js';
export { loadKey, mergeLoadSummary, type LoadRun } from './load-summary.js';
export { standaloneSummary, type StandaloneRun } from './standalone-summary.js';
export { writeIntoSummary, type SummaryWrite } from './write-into-summary.js';
export { writeLoadIntoSummary } from './write-load-summary.js';
export { loadMarkdownLines } from './load-markdown.js';
export { testCopies, testIdentity, type TestCopies, type CopiedTest, type AttemptStatus } from './test-copies.js';
export { shownTargetUrl } from './target-url.js';
