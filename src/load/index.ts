// Load mode: a scenario applied at an arrival rate (open model) or by virtual users (closed
// model), measured in HDR histograms that merge exactly across segments. Runs nothing itself:
// the CLI hands it one iteration to repeat (src/cli/commands/load.ts).
export {
  decodeHistogram,
  latencyStats,
  MetricRecorder,
  newHistogram,
  percentileMs,
  recordMs,
} from './latency-histograms.js';
export type { Histogram, LatencyStats } from './latency-histograms.js';
export { arrivalTimes, profileDurationMs, segmentShare, targetAt, WHOLE } from './load-profile.js';
export type { LoadProfile, LoadSegment, LoadStage } from './load-profile.js';
export { errorRate, judgeThresholds, loadResultsOf, mergeLoadResults, statsOf } from './load-results.js';
export type { LoadDescription } from './load-results.js';
export { runLoad } from './load-runner.js';
export type { IterationOutcome, LoadProgress, LoadRecord, LoadRunOptions, RunIteration } from './load-runner.js';
export { profileText, progressLine, renderLoadReport, renderNeighbour, targetText } from './render-load.js';
export { judgeThreshold, parseThreshold } from './thresholds.js';
export type { LoadMetricKind, Threshold, ThresholdVerdict } from './thresholds.js';
export { judgeShift, parseShiftThreshold } from './neighbour-shift.js';
export type { NeighbourScenarioMetrics, ShiftThreshold, ShiftVerdict } from './neighbour-shift.js';
export { renderLoadHtml } from './render-load-html.js';
export { loadStatusOf, loadSummaryOf } from './load-summary.js';
export type { LoadStatus } from './load-summary.js';
export { DEFAULT_GATE, noIterationPassed, withDefaultGate } from './default-gate.js';
export { loadResultsFile, removeEarlierResults } from './earlier-results.js';
export { UNFINISHED } from './load-runner.js';
