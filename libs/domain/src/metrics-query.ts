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

/** Most buckets one series may have (a week of minutes). */
export const MAX_METRIC_BUCKETS = 10_080;
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

function instant(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * An ISO-8601 interval `start/end` or `start/duration` (start and end with a time zone), on
 * whole minutes, end after start, at most `MAX_METRIC_DAYS` days and `MAX_METRIC_BUCKETS` buckets.
 */
export function parseInterval(text: string, granularity: Granularity): Interval {
  const [from, to, ...rest] = text.split('/');
  const start = instant(from ?? '');
  const span = to === undefined ? null : durationMs(to);
  const end = span !== null && start ? new Date(start.getTime() + span) : instant(to ?? '');
  if (!start || !end || rest.length > 0) {
    throw new MeteringInputError(
      `${text} is not an interval start/end or start/duration (e.g. 2026-01-01T00:00:00Z/PT1H)`,
    );
  }
  if (start.getTime() % MINUTE_MS !== 0 || end.getTime() % MINUTE_MS !== 0) {
    throw new MeteringInputError('the interval must start and end on whole minutes');
  }
  if (end <= start) throw new MeteringInputError('the interval must end after it starts');
  const minutes = (end.getTime() - start.getTime()) / MINUTE_MS;
  if (minutes > MAX_METRIC_DAYS * 1440)
    throw new MeteringInputError(`the interval spans more than ${MAX_METRIC_DAYS} days`);
  if (granularity !== 'ALL' && minutes / GRANULARITY_MINUTES[granularity] > MAX_METRIC_BUCKETS) {
    throw new MeteringInputError(`the interval spans more than ${MAX_METRIC_BUCKETS} buckets of ${granularity}`);
  }
  return { start, end };
}

/** Length of one bucket in minutes (ALL: the whole interval). */
export function bucketMinutes(interval: Interval, granularity: Granularity): number {
  return granularity === 'ALL'
    ? (interval.end.getTime() - interval.start.getTime()) / MINUTE_MS
    : GRANULARITY_MINUTES[granularity];
}
