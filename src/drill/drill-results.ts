// The shapes of drill-results.json are defined once, in src/schema/drill-results.ts (TypeBox,
// which also writes schemas/drill-results.schema.json); the drill layer uses the types derived there.
export {
  DRILL_RESULTS_VERSION,
  type DowntimeWindow,
  type DrillResults,
  type DrillStatus,
  type DrillTransaction,
  type DrillVerdict,
  type JobFigures,
  type JobProblem,
  type LatencySummary,
  type OperationFigures,
  type PhaseRecord,
  type ReconciliationFigures,
  type RecordProblem,
  type TenantFigures,
} from '../schema/drill-results.js';

/** A drill keeps each transaction for its timeline; past this many, only counts are kept. */
export const MAX_KEPT_TRANSACTIONS = 20_000;
