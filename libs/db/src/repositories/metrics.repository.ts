import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/client.js';
import { PrismaService } from '../prisma.service';
import type { SampleColumn } from '#domain';
import { inOrganization } from './tenant-scope';

/**
 * What of an organization a metrics reader sees: everything (`visible` null), or the parts its
 * role bindings cover, each an AND of environment / Flink region / compute pool; `bounds` are
 * label values the query's filter requires, applied first so the database reads little.
 */
export interface MetricsScope {
  organizationId: string;
  visible: VisiblePart[] | null;
  bounds: { pools?: string[]; environments?: string[]; names?: string[]; uids?: string[] };
}

export interface VisiblePart {
  environmentId?: string;
  flinkRegion?: string;
  computePoolId?: string;
}

export interface BucketWindow {
  start: Date;
  end: Date;
  bucketMinutes: number;
}

/** One statement's value in one bucket. */
export interface StatementBucket {
  bucket: Date;
  statementUid: string;
  computePoolId: string;
  environmentId: string;
  /** Null once the statement is deleted (its ledger minutes stay). */
  name: string | null;
  value: number;
}

/** Values of a cumulative counter before the interval that its first increase is measured from. */
const COUNTER_LOOKBACK = "interval '1 hour'";

/**
 * The metrics an organization reads: CFU-minutes from the ledger (minutes or hourly roll-ups),
 * the engine's samples of its statements, its pools' limits and its statements' current state.
 * Every method takes the scope and filters by its organization and visible parts.
 */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * CFU-minutes per bucket and statement, from `cfu_minutes`, `cfu_hours` or `cfu_days` (whose
   * UTC dates are compared as dates, so the (organization, day) index serves the range).
   */
  async ledger(
    scope: MetricsScope,
    window: BucketWindow,
    resolution: 'minute' | 'hour' | 'day',
  ): Promise<StatementBucket[]> {
    const { start, end } = window;
    const [table, at, range, amount] =
      resolution === 'day'
        ? [
            'cfu_days',
            Prisma.sql`(l.day::timestamp AT TIME ZONE 'UTC')`,
            Prisma.sql`l.day >= (${start}::timestamptz AT TIME ZONE 'UTC')::date
              AND l.day < (${end}::timestamptz AT TIME ZONE 'UTC')::date`,
            'cfu_minutes',
          ]
        : resolution === 'hour'
          ? ['cfu_hours', Prisma.sql`l.hour`, Prisma.sql`l.hour >= ${start} AND l.hour < ${end}`, 'cfu_minutes']
          : ['cfu_minutes', Prisma.sql`l.minute`, Prisma.sql`l.minute >= ${start} AND l.minute < ${end}`, 'cfu'];
    const rows = await this.prisma.$queryRaw<(Omit<StatementBucket, 'value'> & { value: bigint })[]>`
      SELECT date_bin(make_interval(mins => ${window.bucketMinutes}::int), ${at}, ${start}) AS bucket,
             l.statement_uid::text AS "statementUid", l.compute_pool_id AS "computePoolId",
             l.environment_id AS "environmentId", s.name, SUM(l.${Prisma.raw(amount)})::bigint AS value
      FROM ${Prisma.raw(table)} l LEFT JOIN statements s ON s.uid = l.statement_uid
      WHERE l.organization_id = ${scope.organizationId}::uuid AND ${range}
        AND ${this.scopeSql(scope, 'l')}
        AND ${scope.bounds.names ? Prisma.sql`s.name = ANY(${scope.bounds.names})` : Prisma.sql`TRUE`}
      GROUP BY 1, 2, 3, 4, 5`;
    return rows.map((r) => ({ ...r, value: Number(r.value) }));
  }

  /**
   * One value per bucket and statement from the engine's samples: the mean or the maximum of a
   * column, or the increase of a cumulative counter (a drop is a restarted job counting from 0;
   * a statement's first sample after an hour without one starts a run, counted from 0 too).
   */
  async samples(
    scope: MetricsScope,
    window: BucketWindow,
    column: SampleColumn,
    overTime: 'mean' | 'max' | 'increase',
  ): Promise<StatementBucket[]> {
    const statements = await this.statements(scope);
    if (statements.length === 0) return [];
    const byUid = new Map(statements.map((s) => [s.uid, s]));
    const uids = statements.map((s) => s.uid);
    const bin = Prisma.sql`date_bin(make_interval(mins => ${window.bucketMinutes}::int), at, ${window.start})`;
    const col = Prisma.raw(column);
    let rows: { bucket: Date; uid: string; value: number | null }[];
    if (overTime === 'increase') {
      rows = await this.prisma.$queryRaw`
        WITH d AS (
          SELECT statement_uid, at, ${col} AS v, LAG(${col}) OVER (PARTITION BY statement_uid ORDER BY at) AS prev
          FROM statement_metric_samples
          WHERE statement_uid = ANY(${uids}::uuid[])
            AND at >= ${window.start}::timestamptz - ${Prisma.raw(COUNTER_LOOKBACK)} AND at < ${window.end})
        SELECT ${bin} AS bucket, statement_uid::text AS uid,
               SUM(CASE WHEN prev IS NULL OR v < prev THEN v ELSE v - prev END)::float8 AS value
        FROM d WHERE at >= ${window.start} GROUP BY 1, 2`;
    } else {
      const value =
        column === 'input_watermark' || column === 'output_watermark'
          ? Prisma.sql`MAX(extract(epoch FROM ${col}) * 1000)`
          : overTime === 'max'
            ? Prisma.sql`MAX(${col})`
            : Prisma.sql`AVG(${col})`;
      rows = await this.prisma.$queryRaw`
        SELECT ${bin} AS bucket, statement_uid::text AS uid, ${value}::float8 AS value
        FROM statement_metric_samples
        WHERE statement_uid = ANY(${uids}::uuid[]) AND at >= ${window.start} AND at < ${window.end}
          AND ${col} IS NOT NULL
        GROUP BY 1, 2`;
    }
    return rows
      .filter((r) => r.value !== null)
      .map((r) => {
        const s = byUid.get(r.uid)!;
        return {
          bucket: r.bucket,
          statementUid: r.uid,
          computePoolId: s.computePoolId,
          environmentId: s.environmentId,
          name: s.name,
          value: r.value!,
        };
      });
  }

  /** The organization's visible pools (for their CFU limits and current CFUs). */
  pools(scope: MetricsScope) {
    const parts = this.visibleWhere(scope, (p) => ({
      ...(p.environmentId ? { environmentId: p.environmentId } : {}),
      ...(p.computePoolId ? { id: p.computePoolId } : {}),
    }));
    const { pools, environments } = scope.bounds;
    return this.prisma.computePool.findMany({
      where: inOrganization<Prisma.ComputePoolWhereInput>(scope.organizationId, {
        AND: [parts, pools ? { id: { in: pools } } : {}, environments ? { environmentId: { in: environments } } : {}],
      }),
      select: { id: true, environmentId: true, cloud: true, region: true, maxCfu: true, createdAt: true },
      orderBy: { id: 'asc' },
    });
  }

  /** The organization's visible statements with their current phase, CFUs and latest sample. */
  statements(scope: MetricsScope) {
    const { pools, environments, names, uids } = scope.bounds;
    return this.prisma.statement.findMany({
      where: inOrganization<Prisma.StatementWhereInput>(scope.organizationId, {
        AND: [
          this.visibleWhere(scope, (p) => ({ ...p })),
          pools ? { computePoolId: { in: pools } } : {},
          environments ? { environmentId: { in: environments } } : {},
          names ? { name: { in: names } } : {},
          uids ? { uid: { in: uids.filter((u) => /^[0-9a-f-]{36}$/i.test(u)) } } : {},
        ],
      }),
      select: {
        uid: true,
        name: true,
        environmentId: true,
        computePoolId: true,
        phase: true,
        cfu: true,
        latestMetrics: true,
      },
      orderBy: { seq: 'asc' },
    });
  }

  private visibleWhere<W>(scope: MetricsScope, map: (part: VisiblePart) => W): { OR: W[] } | object {
    return scope.visible === null ? {} : { OR: scope.visible.map(map) };
  }

  /** The scope's visible parts and bounds on a ledger table aliased `alias`. */
  private scopeSql(scope: MetricsScope, alias: string): Prisma.Sql {
    const a = Prisma.raw(alias);
    const conditions: Prisma.Sql[] = [];
    if (scope.visible !== null) {
      const parts = scope.visible.map((p) => {
        const and: Prisma.Sql[] = [Prisma.sql`TRUE`];
        if (p.environmentId) and.push(Prisma.sql`${a}.environment_id = ${p.environmentId}`);
        if (p.flinkRegion) and.push(Prisma.sql`${a}.flink_region = ${p.flinkRegion}`);
        if (p.computePoolId) and.push(Prisma.sql`${a}.compute_pool_id = ${p.computePoolId}`);
        return Prisma.sql`(${Prisma.join(and, ' AND ')})`;
      });
      conditions.push(parts.length ? Prisma.sql`(${Prisma.join(parts, ' OR ')})` : Prisma.sql`FALSE`);
    }
    const { pools, environments, uids } = scope.bounds;
    if (pools) conditions.push(Prisma.sql`${a}.compute_pool_id = ANY(${pools})`);
    if (environments) conditions.push(Prisma.sql`${a}.environment_id = ANY(${environments})`);
    if (uids) conditions.push(Prisma.sql`${a}.statement_uid::text = ANY(${uids})`);
    return conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
  }
}
