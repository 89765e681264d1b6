import { DAY_MS, HOUR_MS, MINUTE_MS } from './metering';
import type { AcrossSeries, MetricLabel, MetricLabels } from './metrics-catalog';
import { matchesFilter, type MetricFilter } from './metrics-filter';
import { GRANULARITY_MINUTES, type Granularity, type Interval } from './metrics-query';

/**
 * Metrics API v2 result arithmetic, pure: the series the database returns (one per statement
 * or pool, one value per bucket) are filtered, grouped by the `group_by` labels, combined per
 * bucket, ordered and limited.
 */
export interface RawSeries {
  labels: MetricLabels;
  /** Bucket start (epoch ms) → the series' value in that bucket. */
  values: Map<number, number>;
}

export interface Point {
  timestamp: string;
  value: number;
}

export interface Group {
  labels: MetricLabels;
  points: Point[];
}

export interface GroupOptions {
  groupBy: readonly MetricLabel[];
  filter?: MetricFilter;
  across: AcrossSeries;
  limit: number;
  /** Only with granularity ALL: order groups by their value instead of by their labels. */
  order?: 'ASCENDING' | 'DESCENDING';
}

function combine(across: AcrossSeries, a: number | undefined, b: number): number {
  if (a === undefined) return b;
  return across === 'SUM' ? a + b : Math.min(a, b);
}

function compareLabels(a: MetricLabels, b: MetricLabels, keys: readonly MetricLabel[]): number {
  for (const k of keys) {
    const x = a[k] ?? '';
    const y = b[k] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Groups series that pass the filter by the values of `groupBy` (a series without one of those
 * labels goes to the group whose value is absent), combines each bucket across the group's
 * series (SUM, or MIN for watermarks), orders groups by their labels (or by value with
 * `order`), keeps `limit` of them, and returns each group's points oldest first.
 */
export function groupSeries(series: readonly RawSeries[], options: GroupOptions): Group[] {
  const groups = new Map<string, { labels: MetricLabels; values: Map<number, number> }>();
  for (const s of series) {
    if (!matchesFilter(options.filter, s.labels)) continue;
    const labels: MetricLabels = {};
    for (const k of options.groupBy) if (s.labels[k] !== undefined) labels[k] = s.labels[k];
    const key = JSON.stringify(options.groupBy.map((k) => labels[k] ?? null));
    const group = groups.get(key) ?? { labels, values: new Map<number, number>() };
    groups.set(key, group);
    for (const [bucket, value] of s.values) {
      group.values.set(bucket, combine(options.across, group.values.get(bucket), value));
    }
  }
  const all = [...groups.values()].filter((g) => g.values.size > 0);
  if (options.order) {
    const total = (g: { values: Map<number, number> }) => [...g.values.values()].reduce((a, b) => a + b, 0);
    const sign = options.order === 'ASCENDING' ? 1 : -1;
    all.sort((a, b) => sign * (total(a) - total(b)) || compareLabels(a.labels, b.labels, options.groupBy));
  } else {
    all.sort((a, b) => compareLabels(a.labels, b.labels, options.groupBy));
  }
  return all.slice(0, options.limit).map((g) => ({
    labels: g.labels,
    points: [...g.values.entries()]
      .sort(([a], [b]) => a - b)
      .map(([bucket, value]) => ({ timestamp: new Date(bucket).toISOString(), value })),
  }));
}

/**
 * Which ledger table a CFU query reads: the coarsest whose rows each fall in one bucket. The
 * daily roll-ups when every bucket is made of whole UTC days (the interval starts and ends at
 * midnight, buckets are days or ALL): a 30-day query sums 30 rows per statement; the hourly ones
 * when buckets are made of whole hours (720 rows); the minutes otherwise (43,200).
 */
export function ledgerResolution(interval: Interval, granularity: Granularity): 'day' | 'hour' | 'minute' {
  const bucketMs = granularity === 'ALL' ? null : GRANULARITY_MINUTES[granularity] * MINUTE_MS;
  const whole = (unit: number) =>
    interval.start.getTime() % unit === 0 &&
    interval.end.getTime() % unit === 0 &&
    (bucketMs === null || bucketMs % unit === 0);
  return whole(DAY_MS) ? 'day' : whole(HOUR_MS) ? 'hour' : 'minute';
}

/** The bucket starts of an interval (one for ALL), for values that hold in every bucket (a pool's limit). */
export function bucketStarts(interval: Interval, bucketMinutes: number): number[] {
  const out: number[] = [];
  for (let t = interval.start.getTime(); t < interval.end.getTime(); t += bucketMinutes * MINUTE_MS) out.push(t);
  return out;
}
