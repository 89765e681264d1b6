/**
 * Admission latency (a create or resume committed → the statement admitted onto its pool) as a
 * Prometheus histogram. The scheduler counts each admission into the bucket of its latency; the
 * operator endpoint renders the stored counts cumulatively. Pure: bounds and arithmetic only.
 */

/** Upper bounds in seconds: a pass is a second apart by default, and a full pool makes waits of minutes. */
export const ADMISSION_LATENCY_BUCKETS: readonly number[] = [
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2,
  5,
  10,
  30,
  60,
  300,
  900,
  3600,
  Infinity,
];

/** The bound of the bucket a latency falls in: the least bound it does not exceed (negative clock skew is 0). */
export function admissionLatencyBucket(seconds: number): number {
  const s = Math.max(0, seconds);
  return ADMISSION_LATENCY_BUCKETS.find((le) => s <= le)!;
}

export interface LatencyCounts {
  le: number;
  count: number;
  sumSeconds: number;
}

export interface CumulativeHistogram {
  /** Every bound of ADMISSION_LATENCY_BUCKETS with the observations at or below it. */
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

/**
 * The cumulative histogram of stored (non-cumulative) bucket counts. A stored bound that is no
 * longer in the list counts in the next larger one, so a changed list never loses observations.
 */
export function cumulativeHistogram(rows: readonly LatencyCounts[]): CumulativeHistogram {
  const perBound = new Map<number, number>();
  let sum = 0;
  for (const r of rows) {
    const le = admissionLatencyBucket(r.le);
    perBound.set(le, (perBound.get(le) ?? 0) + r.count);
    sum += r.sumSeconds;
  }
  let running = 0;
  const buckets = ADMISSION_LATENCY_BUCKETS.map((le) => {
    running += perBound.get(le) ?? 0;
    return { le, count: running };
  });
  return { buckets, count: running, sum };
}
