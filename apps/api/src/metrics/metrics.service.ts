import { Injectable } from '@nestjs/common';
import { MetricsRepository, type MetricsScope, type StatementBucket } from '#db';
import {
  bucketMinutes,
  bucketStarts,
  ENVIRONMENT_LABEL,
  groupSeries,
  ledgerResolution,
  POOL_LABEL,
  STATEMENT_LABEL,
  STATEMENT_UID_LABEL,
  type Granularity,
  type Group,
  type Interval,
  type MetricDefinition,
  type MetricFilter,
  type MetricLabel,
  type RawSeries,
} from '#domain';

export interface MetricsRequest {
  scope: MetricsScope;
  metric: MetricDefinition;
  interval: Interval;
  granularity: Granularity;
  groupBy: MetricLabel[];
  filter?: MetricFilter;
  limit: number;
  order?: 'ASCENDING' | 'DESCENDING';
}

/**
 * Answers Metrics API v2 queries: reads one value per bucket and statement (or pool) from the
 * ledger, the engine's samples or the pools, then filters, groups and limits them
 * (libs/domain metrics-aggregate).
 */
@Injectable()
export class MetricsService {
  constructor(private readonly repository: MetricsRepository) {}

  async query(req: MetricsRequest): Promise<Group[]> {
    const series = await this.series(req);
    return groupSeries(series, {
      groupBy: req.groupBy,
      filter: req.filter,
      across: req.metric.across,
      limit: req.limit,
      order: req.order,
    });
  }

  private async series(req: MetricsRequest): Promise<RawSeries[]> {
    const length = bucketMinutes(req.interval, req.granularity);
    const window = { ...req.interval, bucketMinutes: length };
    const source = req.metric.source;
    switch (source.kind) {
      case 'ledger': {
        const rows = await this.repository.ledger(req.scope, window, ledgerResolution(req.interval, req.granularity));
        return perStatement(rows, (v) => (source.value === 'cfu_minutes' ? v : v / length));
      }
      case 'samples':
        return perStatement(await this.repository.samples(req.scope, window, source.column, source.overTime), (v) => v);
      case 'pool_limit': {
        const starts = bucketStarts(req.interval, length);
        return (await this.repository.pools(req.scope)).map((p) => ({
          labels: { [POOL_LABEL]: p.id, [ENVIRONMENT_LABEL]: p.environmentId },
          // The limit holds in every bucket that ends after the pool was created.
          values: new Map(
            starts.filter((t) => t + length * 60_000 > p.createdAt.getTime()).map((t) => [t, p.maxCfu] as const),
          ),
        }));
      }
      case 'status':
        throw new Error(`${req.metric.name} has no history to query`);
    }
  }
}

/** One series per statement from its per-bucket rows. */
function perStatement(rows: StatementBucket[], value: (v: number) => number): RawSeries[] {
  const series = new Map<string, RawSeries>();
  for (const r of rows) {
    // A statement that moved to another pool is one series per pool.
    const key = `${r.statementUid}/${r.computePoolId}`;
    let s = series.get(key);
    if (!s) {
      s = {
        labels: {
          [POOL_LABEL]: r.computePoolId,
          [ENVIRONMENT_LABEL]: r.environmentId,
          [STATEMENT_LABEL]: r.name ?? r.statementUid,
          [STATEMENT_UID_LABEL]: r.statementUid,
        },
        values: new Map(),
      };
      series.set(key, s);
    }
    const bucket = r.bucket.getTime();
    s.values.set(bucket, (s.values.get(bucket) ?? 0) + value(r.value));
  }
  return [...series.values()];
}
