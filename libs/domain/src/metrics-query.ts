import { MINUTE_MS, MeteringInputError } from './metering';

/**
 * Metrics API v2 query arithmetic, pure: the interval of a query and the length of its buckets
 * (PostgreSQL bins the ledger's minutes into buckets aligned to the interval's start).
 */
export const GRANULARITY_MINUTES = {
  PT1M: 1,
  PT5M: 5,
  PT15M: 15,
  PT30M: 30,
  PT1H: 60,
  PT4H: 240,
  PT6H: 360,
  PT12H: 720,
  P1D: 1440,
} as const;
export type Granularity = keyof typeof GRANULARITY_MINUTES | 'ALL';

/**
 * Longest interval (minutes) per fine granularity, as the Metrics API documents them: PT1M 6
 * hours, PT5M a day, PT15M 4 days, PT30M 7 days; coarser ones up to `MAX_METRIC_DAYS`. This also
 * bounds the ledger minutes a query whose buckets are not whole hours must read.
 */
export const GRANULARITY_MAX_MINUTES: Partial<Record<Granularity, number>> = {
  PT1M: 6 * 60,
  PT5M: 24 * 60,
  PT15M: 4 * 24 * 60,
  PT30M: 7 * 24 * 60,
};
/** Longest interval a query may span, whatever its granularity. */
export const MAX_METRIC_DAYS = 31;

export interface Interval {
  start: Date;
  end: Date;
}

/** `PT30M`, `PT6H`, `P1D`, `P1DT12H`: whole days, hours and minutes only. */
function durationMs(text: string): number | null {
  const match = /^P(?:(\d{1,3})D)?(?:T(?:(\d{1,4})H)?(?:(\d{1,6})M)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, d, h, m] = match;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * MINUTE_MS;
}

function instant(text: string, now: Date): Date | null {
  const relative = /^now(?:([+-])(\d{1,6})([mhd]))?(?:\|([mhd]))?$/.exec(text);
  if (relative) {
    const [, sign, amount, unit, truncate] = relative;
    const unitMs = { m: MINUTE_MS, h: 60 * MINUTE_MS, d: 1440 * MINUTE_MS };
    let at = now.getTime() + (sign ? (sign === '-' ? -1 : 1) * Number(amount) * unitMs[unit as 'm'] : 0);
    if (truncate) at = Math.floor(at / unitMs[truncate as 'm']) * unitMs[truncate as 'm'];
    return new Date(at);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * An ISO-8601 interval `start/end`, `start/duration` or `duration/end` (instants with a time
 * zone, or `now` with an offset and a truncation in UTC: `now-1h|m`, `now|h`), on whole minutes,
 * end after start, at most `MAX_METRIC_DAYS` days and `GRANULARITY_MAX_MINUTES` for fine buckets.
 */
export function parseInterval(text: string, granularity: Granularity, now: Date = new Date()): Interval {
  const [from, to, ...rest] = text.split('/');
  const before = from === undefined ? null : durationMs(from);
  const after = to === undefined ? null : durationMs(to);
  let start = before === null ? instant(from ?? '', now) : null;
  let end = after === null ? instant(to ?? '', now) : null;
  if (start && after !== null) end = new Date(start.getTime() + after);
  if (end && before !== null) start = new Date(end.getTime() - before);
  if (!start || !end || rest.length > 0) {
    throw new MeteringInputError(
      `${text} is not an interval start/end, start/duration or duration/end (e.g. 2026-01-01T00:00:00Z/PT1H or now-1h|m/now|m)`,
    );
  }
  if (start.getTime() % MINUTE_MS !== 0 || end.getTime() % MINUTE_MS !== 0) {
    throw new MeteringInputError('the interval must start and end on whole minutes (truncate now with |m)');
  }
  if (end <= start) throw new MeteringInputError('the interval must end after it starts');
  const minutes = (end.getTime() - start.getTime()) / MINUTE_MS;
  if (minutes > MAX_METRIC_DAYS * 1440)
    throw new MeteringInputError(`the interval spans more than ${MAX_METRIC_DAYS} days`);
  const longest = GRANULARITY_MAX_MINUTES[granularity];
  if (longest !== undefined && minutes > longest) {
    throw new MeteringInputError(
      `granularity ${granularity} allows intervals of at most ${longest / 60} hours; use a coarser granularity`,
    );
  }
  return { start, end };
}

/** Length of one bucket in minutes (ALL: the whole interval). */
export function bucketMinutes(interval: Interval, granularity: Granularity): number {
  return granularity === 'ALL'
    ? (interval.end.getTime() - interval.start.getTime()) / MINUTE_MS
    : GRANULARITY_MINUTES[granularity];
}
