// Release and recovery drills: steady synthetic traffic while operations run, measured in
// business terms (downtime, RTO, recovery point and reconciliation, latency shift, jobs).
// Runs no scenario itself: the CLI hands it ports to the engine (src/cli/commands/drill.ts).
export { DRILL_RESULTS_VERSION, MAX_KEPT_TRANSACTIONS } from './drill-results.js';
export type {
  DowntimeWindow,
  DrillResults,
  DrillTransaction,
  DrillVerdict,
  JobFigures,
  LatencySummary,
  OperationFigures,
  PhaseRecord,
  ReconciliationFigures,
  TenantFigures,
} from './drill-results.js';
export type { DrillPorts, ReadAnswer, TransactionOutcome } from './drill-ports.js';
export { figureOf, judgeDrill } from './judge-drill.js';
export { downtimeOf, failedAfterBaseline, latencyOf, operationFigures } from './measure-traffic.js';
export {
  changeText,
  compareDrills,
  figureText,
  renderComparisonText,
  type DrillComparison,
  type FigureMove,
} from './compare-drills.js';
export { renderDrillHtml } from './render-drill-html.js';
export { renderDrillMarkdown } from './render-drill-markdown.js';
export { expectedActual, renderDrillText } from './render-drill-text.js';
export { runDrill, type RunDrillOptions } from './run-drill.js';
export { runOperation, type OperationOutcome } from './run-operation.js';
