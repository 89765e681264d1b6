import type { Metric, Registry } from 'prom-client';
import type { CumulativeHistogram } from '#domain';

/**
 * A Prometheus histogram whose counts live in PostgreSQL (the scheduler increments them), set as
 * a whole at each scrape. prom-client's Histogram only accumulates observations made in this
 * process; its registry renders any metric that answers `get()`, which this one does in the
 * histogram's shape (`_bucket` with `le`, `_sum`, `_count`).
 */
export class StoredHistogram {
  readonly type = 'histogram';
  private values: { labels: Record<string, string>; histogram: CumulativeHistogram }[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  set(values: { labels: Record<string, string>; histogram: CumulativeHistogram }[]): void {
    this.values = values;
  }

  reset(): void {
    this.values = [];
  }

  get() {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum' as const,
      values: this.values.flatMap(({ labels, histogram }) => [
        ...histogram.buckets.map((b) => ({
          metricName: `${this.name}_bucket`,
          labels: { ...labels, le: b.le === Infinity ? '+Inf' : String(b.le) },
          value: b.count,
        })),
        { metricName: `${this.name}_sum`, labels, value: histogram.sum },
        { metricName: `${this.name}_count`, labels, value: histogram.count },
      ]),
    });
  }
}
