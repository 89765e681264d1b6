import { Injectable } from '@nestjs/common';
import { PrismaService } from '#db';
import { buildBillingReport, dayOf, type BillingReport, type ReportPeriod, type UsageRow } from '#domain';
import { CostsService } from './costs.service';

/**
 * Billing reports from the same daily roll-ups (`cfu_days`) and prices as the costs API, kept
 * per statement and principal; the arithmetic is libs/domain `buildBillingReport`.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly costs: CostsService,
  ) {}

  async report(organizationId: string, period: ReportPeriod, top: number): Promise<BillingReport> {
    const rows = await this.usage(organizationId, period);
    const [pools, statements] = await Promise.all([
      this.costs.poolNames(
        organizationId,
        rows.map((r) => r.computePoolId),
      ),
      this.statementNames(
        organizationId,
        rows.map((r) => r.statementUid),
      ),
    ]);
    return buildBillingReport({
      organizationId,
      period,
      rows,
      priceOf: (region) => this.costs.priceOf(region),
      poolName: (id) => pools.get(id),
      statementName: (uid) => statements.get(uid),
      top,
    });
  }

  /** The period's daily roll-ups, one per statement, day, pool and principal (the table's key). */
  private async usage(organizationId: string, period: ReportPeriod): Promise<UsageRow[]> {
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
      WHERE organization_id = ${organizationId}::uuid AND day >= ${period.start}::date AND day < ${period.end}::date`;
    return rows.map((r) => ({
      day: dayOf(r.day),
      environmentId: r.environment_id,
      computePoolId: r.compute_pool_id,
      flinkRegion: r.flink_region,
      statementUid: r.statement_uid,
      principal: r.principal,
      cfuMinutes: BigInt(r.cfu_minutes),
    }));
  }

  /** Names of the statements that still exist; a deleted one is reported by its uid. */
  private async statementNames(organizationId: string, uids: string[]): Promise<Map<string, string>> {
    const statements = await this.prisma.statement.findMany({
      where: { organizationId, uid: { in: [...new Set(uids)] } },
      select: { uid: true, name: true },
    });
    return new Map(statements.map((s) => [s.uid, s.name]));
  }
}
