import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';

/** One row of the ledger's daily roll-up (`cfu_days`) as billing reads it. */
export interface BillingDay {
  day: Date;
  environmentId: string;
  computePoolId: string;
  flinkRegion: string;
  cfuMinutes: bigint;
}

export interface StatementBillingDay extends BillingDay {
  statementUid: string;
  principal: string;
}

/**
 * What the costs API and billing reports read of an organization: its daily CFU-minutes and the
 * names of its pools and statements. Every method takes the organization and reads nothing else.
 */
@Injectable()
export class BillingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** CFU-minutes per day and pool in [start, end) (dates as `YYYY-MM-DD`). */
  async poolDays(organizationId: string, start: string, end: string): Promise<BillingDay[]> {
    const rows = await this.prisma.$queryRaw<
      { day: Date; compute_pool_id: string; environment_id: string; flink_region: string; cfu_minutes: bigint }[]
    >`
      SELECT day, compute_pool_id, environment_id, flink_region, SUM(cfu_minutes)::bigint AS cfu_minutes
      FROM cfu_days
      WHERE organization_id = ${organizationId}::uuid AND day >= ${start}::date AND day < ${end}::date
      GROUP BY day, compute_pool_id, environment_id, flink_region
      ORDER BY day, compute_pool_id, environment_id, flink_region`;
    return rows.map((r) => ({
      day: r.day,
      computePoolId: r.compute_pool_id,
      environmentId: r.environment_id,
      flinkRegion: r.flink_region,
      cfuMinutes: BigInt(r.cfu_minutes),
    }));
  }

  /** The daily roll-ups in [start, end), one per statement, day, pool and principal (the table's key). */
  async statementDays(organizationId: string, start: string, end: string): Promise<StatementBillingDay[]> {
    const rows = await this.prisma.$queryRaw<
      {
        day: Date;
        environment_id: string;
        compute_pool_id: string;
        flink_region: string;
        statement_uid: string;
        principal: string;
        cfu_minutes: bigint;
      }[]
    >`
      SELECT day, environment_id, compute_pool_id, flink_region, statement_uid::text AS statement_uid, principal,
             cfu_minutes
      FROM cfu_days
      WHERE organization_id = ${organizationId}::uuid AND day >= ${start}::date AND day < ${end}::date`;
    return rows.map((r) => ({
      day: r.day,
      environmentId: r.environment_id,
      computePoolId: r.compute_pool_id,
      flinkRegion: r.flink_region,
      statementUid: r.statement_uid,
      principal: r.principal,
      cfuMinutes: BigInt(r.cfu_minutes),
    }));
  }

  /** Display names of the organization's pools that still exist, by id. */
  async poolNames(organizationId: string, ids: string[]): Promise<Map<string, string>> {
    const pools = await this.prisma.computePool.findMany({
      where: { organizationId, id: { in: [...new Set(ids)] } },
      select: { id: true, displayName: true },
    });
    return new Map(pools.map((p) => [p.id, p.displayName]));
  }

  /** Names of the organization's statements that still exist, by uid. */
  async statementNames(organizationId: string, uids: string[]): Promise<Map<string, string>> {
    const statements = await this.prisma.statement.findMany({
      where: { organizationId, uid: { in: [...new Set(uids)] } },
      select: { uid: true, name: true },
    });
    return new Map(statements.map((s) => [s.uid, s.name]));
  }
}
