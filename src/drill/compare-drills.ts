import { formatDuration } from '../core/duration.js';
import { DRILL_THRESHOLD_NAMES, type DrillThresholdName } from '../schema/index.js';
import type { DrillResults, TenantFigures } from './drill-results.js';
import { figureOf } from './judge-drill.js';

/**
 * The figures a comparison shows, in this order: every figure a drill's `thresholds:` may judge
 * (`DRILL_THRESHOLD_NAMES`, so a new one is compared as soon as it can be judged), then the
 * baseline's p95. Every one is worse when it grows.
 */
const COMPARED: ReadonlyArray<DrillThresholdName | 'baseline.p95'> = [...DRILL_THRESHOLD_NAMES, 'baseline.p95'];

type Unit = 'duration' | 'count' | 'ratio';
const unitOf = (figure: string): Unit =>
  /^(downtime|rto|rpo|baseline\.)/.test(figure) ? 'duration' : figure.startsWith('latencyShift') ? 'ratio' : 'count';

/** One figure of one tenant, now and in the earlier drill: ms, counts or ratios; null = not measured. */
export interface FigureMove {
  figure: string;
  unit: Unit;
  before: number | null;
  now: number | null;
  /** `worse`: it grew (or stopped being measured); `better`: it shrank (or came to be measured). */
  direction: 'worse' | 'better' | 'same';
}

/** How a drill's figures moved since an earlier run of it, per tenant both measured. */
export interface DrillComparison {
  /** The earlier run: its drill, start (ISO 8601 UTC) and status. */
  before: { drill: string; startedAt: string; status: string };
  tenants: Array<{ tenant: string; moves: FigureMove[] }>;
  /** Tenants of this run the earlier one did not measure. */
  newTenants: string[];
  /** Thresholds whose verdict changed: `rto < 1m` passed → failed. */
  verdicts: Array<{ threshold: string; before: boolean; now: boolean }>;
}

function valueOf(tenant: TenantFigures, figure: DrillThresholdName | 'baseline.p95'): number | null {
  if (figure === 'baseline.p95') return tenant.baseline.p95Ms ?? null;
  return figureOf(tenant, figure);
}

/**
 * Compares a drill's results with an earlier run's (its `drill-results.json`), figure by figure
 * per tenant: the thresholds' figures (as `figureOf` reads them: durations in ms, counts,
 * ratios to the baseline) and the baseline's p95. A figure neither run measured is left out.
 *
 * @example
 * compareDrills(results, previous).tenants[0].moves[0];
 * // { figure: 'failed', unit: 'count', before: 3, now: 4, direction: 'worse' }
 */
export function compareDrills(now: DrillResults, before: DrillResults): DrillComparison {
  const tenants: DrillComparison['tenants'] = [];
  const newTenants: string[] = [];
  for (const tenant of now.tenants) {
    const earlier = before.tenants.find((t) => t.tenant === tenant.tenant);
    if (!earlier) {
      newTenants.push(tenant.tenant);
      continue;
    }
    const moves: FigureMove[] = [];
    for (const figure of COMPARED) {
      const [a, b] = [valueOf(earlier, figure), valueOf(tenant, figure)];
      if (a === null && b === null) continue;
      const direction = a === b ? 'same' : b === null ? 'worse' : a === null ? 'better' : b > a ? 'worse' : 'better';
      moves.push({ figure, unit: unitOf(figure), before: a, now: b, direction });
    }
    tenants.push({ tenant: tenant.tenant, moves });
  }
  const verdicts = now.verdicts.flatMap((v) => {
    const earlier = before.verdicts.find((e) => e.threshold === v.threshold);
    return earlier && earlier.passed !== v.passed
      ? [{ threshold: v.threshold, before: earlier.passed, now: v.passed }]
      : [];
  });
  return {
    before: { drill: before.drill, startedAt: before.startedAt, status: before.status },
    tenants,
    newTenants,
    verdicts,
  };
}

/** A figure as a person reads it: `4.67s`, `3`, `1.8x`, or `not measured`. */
export function figureText(unit: Unit, value: number | null): string {
  if (value === null) return 'not measured';
  if (unit === 'duration') return formatDuration(Math.round(value));
  if (unit === 'ratio') return `${value}x`;
  return String(value);
}

/** The change as a person reads it: `▲ +840ms`, `▼ −1`, `=`. */
export function changeText(move: FigureMove): string {
  if (move.direction === 'same') return '=';
  const arrow = move.direction === 'worse' ? '▲' : '▼';
  if (move.before === null || move.now === null) return arrow;
  const delta = move.now - move.before;
  const sign = delta > 0 ? '+' : '−';
  const size = Math.abs(delta);
  const text =
    move.unit === 'duration'
      ? formatDuration(Math.round(size))
      : move.unit === 'ratio'
        ? `${Math.round(size * 100) / 100}x`
        : String(size);
  return `${arrow} ${sign}${text}`;
}

/**
 * The comparison for the terminal: one line per figure and tenant (now, was, the change, ▲
 * worse and ▼ better), then the thresholds whose verdict changed.
 */
export function renderComparisonText(comparison: DrillComparison, file: string): string {
  const lines = [
    `Compared with ${file} (${comparison.before.drill}, started ${comparison.before.startedAt}, ${comparison.before.status}):`,
  ];
  for (const { tenant, moves } of comparison.tenants) {
    lines.push(`  ${tenant}:`);
    for (const move of moves)
      lines.push(
        `    ${move.figure.padEnd(17)} ${figureText(move.unit, move.now).padStart(12)}  was ${figureText(move.unit, move.before).padStart(12)}  ${changeText(move)}`,
      );
  }
  for (const tenant of comparison.newTenants) lines.push(`  ${tenant}: not in the earlier drill`);
  for (const v of comparison.verdicts)
    lines.push(
      `  ${v.now ? '✓' : '✗'} ${v.threshold}: ${v.before ? 'held' : 'did not hold'} before, ${v.now ? 'holds' : 'does not hold'} now`,
    );
  return `${lines.join('\n')}\n`;
}
