import { Injectable } from '@nestjs/common';
import { PrismaService } from '#db';
import { bucketMinutes, type Granularity, type Interval } from '#domain';

export const POOL_LABEL = 'resource.compute_pool.id';
export const STATEMENT_LABEL = 'resource.flink_statement.name';
export type MetricLabel = typeof POOL_LABEL | typeof STATEMENT_LABEL;

export const CFU_MINUTES_CONSUMED = 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed';

export interface MetricsRequest {
  organizationId: string;
  metric: string;
  interval: Interval;
  granularity: Granularity;
  groupBy: MetricLabel[];
  /** Label → required value (EQ filters, ANDed). */
  filters: Partial<Record<MetricLabel, string>>;
  limit: number;
}

export interface Series {
  labels: Partial<Record<MetricLabel, string>>;
  points: { timestamp: string; value: number }[];
}

/**
 * Flink usage metrics from the metering ledger (`cfu_minutes`): CFU-minutes consumed per bucket,
 * or current CFUs as the bucket's CFU-minutes over its length (the mean CFUs held), summed over
 * the series a group holds.
 */
@Injectable()
export class MetricsService {
  constructor(private readonly prisma: PrismaService) {}

  async query(req: MetricsRequest): Promise<Series[]> {
    const pool = req.filters[POOL_LABEL] ?? null;
    const name = req.filters[STATEMENT_LABEL] ?? null;
    const length = bucketMinutes(req.interval, req.granularity);
    // Summed per bucket, pool and statement in PostgreSQL; buckets align to the interval start.
    const rows = await this.prisma.$queryRaw<{ bucket: Date; pool: string; name: string; cfu_minutes: bigint }[]>`
      SELECT date_bin(make_interval(mins => ${length}::int), m.minute, ${req.interval.start}) AS bucket,
             m.compute_pool_id AS pool, COALESCE(s.name, m.statement_uid::text) AS name,
             SUM(m.cfu)::bigint AS cfu_minutes
      FROM cfu_minutes m LEFT JOIN statements s ON s.uid = m.statement_uid
      WHERE m.organization_id = ${req.organizationId}::uuid
        AND m.minute >= ${req.interval.start} AND m.minute < ${req.interval.end}
        AND (${pool}::text IS NULL OR m.compute_pool_id = ${pool})
        AND (${name}::text IS NULL OR s.name = ${name})
      GROUP BY 1, 2, 3`;
    const groups = new Map<string, { labels: Series['labels']; sums: Map<number, number> }>();
    for (const r of rows) {
      const labels: Series['labels'] = {};
      if (req.groupBy.includes(POOL_LABEL)) labels[POOL_LABEL] = r.pool;
      if (req.groupBy.includes(STATEMENT_LABEL)) labels[STATEMENT_LABEL] = r.name;
      const key = JSON.stringify(labels);
      const group = groups.get(key) ?? { labels, sums: new Map<number, number>() };
      groups.set(key, group);
      const bucket = r.bucket.getTime();
      group.sums.set(bucket, (group.sums.get(bucket) ?? 0) + Number(r.cfu_minutes));
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, req.limit)
      .map(([, g]) => ({
        labels: g.labels,
        points: [...g.sums.entries()]
          .sort(([a], [b]) => a - b)
          .map(([bucket, cfuMinutes]) => ({
            timestamp: new Date(bucket).toISOString(),
            value: req.metric === CFU_MINUTES_CONSUMED ? cfuMinutes : cfuMinutes / length,
          })),
      }));
  }
}
