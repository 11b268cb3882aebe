import { parseDuration } from '../core/duration.js';
import { RehearseError } from '../core/errors.js';
import type { LoadProfile, LoadSegment, LoadStage } from '../load/index.js';

/** The flags that shape a load run's profile, as given. */
export interface LoadProfileFlags {
  rate?: string;
  vus?: string;
  duration?: string;
  rampUp?: string;
  rampDown?: string;
  stage?: string[];
}

const bad = (flag: string, text: string, why: string, hint: string) =>
  new RehearseError('REHEARSE_INVALID_FLAG', `Failed to read ${flag} "${text}": ${why}`, { hint });

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw bad(flag, text, 'expected a duration such as 30s or 2m.', 'Units: ms, s, m, h.');
  return ms;
}

/** `20/s`, `20` (per second), `1200/m`: iterations per second. */
function rate(flag: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m))?\s*$/.exec(text);
  if (!match)
    throw bad(flag, text, 'expected an arrival rate such as 20/s or 600/m.', 'Write iterations per second: 20/s.');
  return Number(match[1]) / (match[2] === 'm' ? 60 : 1);
}

function vus(flag: string, text: string): number {
  const match = /^\s*(\d+)\s*(?:vus?)?\s*$/i.exec(text);
  if (!match) throw bad(flag, text, 'expected a number of virtual users such as 10.', 'Write a whole number: 10.');
  return Number(match[1]);
}

/**
 * The load profile from the flags, k6's way:
 * - `--rate 20/s` (open model: arrivals per second) or `--vus 10` (closed model: virtual users),
 *   held for `--duration` (default 30s), after `--ramp-up` from 0 and before `--ramp-down` to 0;
 * - or `--stage <duration>:<target>` repeated: each stage goes linearly to its target, from 0
 *   for the first; a target `20/s` is a rate (open model), `10` virtual users (closed model).
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` for a malformed value, both or neither of
 *   --rate and --vus, stages mixing rates and VUs, stages with --rate/--vus, or a profile that
 *   starts no iteration (every target 0).
 */
export function parseLoadProfile(flags: LoadProfileFlags): LoadProfile {
  const stagesGiven = (flags.stage ?? []).length > 0;
  if (stagesGiven) {
    if (flags.rate !== undefined || flags.vus !== undefined || flags.duration !== undefined)
      throw new RehearseError(
        'REHEARSE_INVALID_FLAG',
        'Failed to read the load profile: --stage gives the whole profile, so --rate, --vus and --duration cannot go with it.',
        {
          hint: 'Either --rate 20/s --duration 1m (with --ramp-up/--ramp-down), or --stage 30s:20/s --stage 1m:20/s --stage 30s:0/s.',
        },
      );
    let model: LoadProfile['model'] | undefined;
    const stages = flags.stage!.map((text): LoadStage => {
      const match = /^\s*([^:]+):(.+)$/.exec(text);
      if (!match)
        throw bad(
          '--stage',
          text,
          'expected <duration>:<target>, such as 30s:20/s or 1m:10.',
          'A rate (20/s) for arrivals, a number (10) for virtual users.',
        );
      const isRate = /\//.test(match[2]!);
      const kind = isRate ? 'open' : 'closed';
      if (model && model !== kind)
        throw bad(
          '--stage',
          text,
          'mixes arrival rates and virtual users.',
          'Give every stage a rate (20/s) or every stage a number of VUs (10).',
        );
      model = kind;
      return {
        durationMs: duration('--stage', match[1]!),
        target: isRate ? rate('--stage', match[2]!) : vus('--stage', match[2]!),
      };
    });
    return checked({ model: model!, start: 0, stages });
  }
  if ((flags.rate === undefined) === (flags.vus === undefined))
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read the load profile: give ${flags.rate === undefined ? 'one of' : 'only one of'} --rate (arrivals per second, the open model) and --vus (virtual users, the closed model).`,
      {
        hint: 'rehearse load order-flow --rate 20/s --duration 1m, or --vus 10 --duration 1m; or --stage for a whole profile.',
      },
    );
  const open = flags.rate !== undefined;
  const target = open ? rate('--rate', flags.rate!) : vus('--vus', flags.vus!);
  const hold = flags.duration === undefined ? 30_000 : duration('--duration', flags.duration);
  const stages: LoadStage[] = [];
  if (flags.rampUp !== undefined) stages.push({ durationMs: duration('--ramp-up', flags.rampUp), target });
  stages.push({ durationMs: hold, target });
  if (flags.rampDown !== undefined) stages.push({ durationMs: duration('--ramp-down', flags.rampDown), target: 0 });
  return checked({ model: open ? 'open' : 'closed', start: flags.rampUp === undefined ? target : 0, stages });
}

function checked(profile: LoadProfile): LoadProfile {
  if (Math.max(profile.start, ...profile.stages.map((s) => s.target)) <= 0)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      'Failed to read the load profile: every target is 0, so no iteration would start.',
      {
        hint: 'Give a rate above 0 (--rate 5/s) or at least one virtual user (--vus 1).',
      },
    );
  return profile;
}

/**
 * `--segment i/n`: this process runs the i-th of n shares of the load (1 ≤ i ≤ n ≤ 1000).
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` otherwise.
 */
export function parseSegment(text: string): LoadSegment {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 1000 || index < 1 || index > count)
    throw bad(
      '--segment',
      text,
      'expected i/n with 1 ≤ i ≤ n, such as 2/3.',
      'Run --segment 1/3, 2/3 and 3/3 on three machines, then rehearse load merge.',
    );
  return { index, count };
}
