/**
 * Hands out interchange (ISA13), group (GS06) and transaction set (ST02) control numbers.
 * Each counter only goes up, so every document built through one instance is unique.
 */
export interface ControlNumbers {
  /** Next ISA13: 9 digits with leading zeros (`000000042`). */
  nextInterchange(): string;
  /** Next GS06: digits without padding (`42`). */
  nextGroup(): string;
  /** Next ST02: at least 4 digits (`0042`). */
  nextSet(): string;
  /** The numbers the next calls would return, as numbers. */
  peek(): { interchange: number; group: number; set: number };
}

export interface ControlNumberSeed {
  interchange?: number;
  group?: number;
  set?: number;
}

const MAX = 999_999_999;

/**
 * A control-number counter. Seed it for reproducible documents in tests; the shared
 * default (`defaultControlNumbers`) starts from the clock so two runs against the same
 * staging system do not repeat numbers (partners reject duplicate interchanges).
 *
 * @example
 * const numbers = createControlNumbers({ interchange: 1, group: 1, set: 1 });
 * numbers.nextInterchange(); // '000000001'
 * numbers.nextSet(); // '0001'
 */
export function createControlNumbers(seed: ControlNumberSeed = {}): ControlNumbers {
  let interchange = start(seed.interchange);
  let group = start(seed.group);
  let set = start(seed.set);
  const advance = (n: number): number => (n >= MAX ? 1 : n + 1);
  return {
    nextInterchange() {
      const n = interchange;
      interchange = advance(n);
      return String(n).padStart(9, '0');
    },
    nextGroup() {
      const n = group;
      group = advance(n);
      return String(n);
    },
    nextSet() {
      const n = set;
      set = advance(n);
      return String(n).padStart(4, '0');
    },
    peek: () => ({ interchange, group, set }),
  };
}

function start(value: number | undefined): number {
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX) return 1;
  return value;
}

let shared: ControlNumbers | undefined;

/**
 * The process-wide counter used when no `controlNumbers` option is given; seeded from the clock.
 *
 * @example
 * defaultControlNumbers().nextInterchange(); // e.g. '763412901'
 */
export function defaultControlNumbers(): ControlNumbers {
  if (!shared) {
    const base = (Math.floor(Date.now() / 1000) % 900_000_000) + 1;
    shared = createControlNumbers({ interchange: base, group: base, set: base % 1_000_000 || 1 });
  }
  return shared;
}
