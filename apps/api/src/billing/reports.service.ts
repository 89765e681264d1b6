import { Injectable } from '@nestjs/common';
import { BillingRepository } from '#db';
import { buildBillingReport, dayOf, type BillingReport, type ReportPeriod, type UsageRow } from '#domain';
import { CostsService } from './costs.service';

/**
 * Billing reports from the same daily roll-ups (`cfu_days`) and prices as the costs API, kept
 * per statement and principal; the arithmetic is libs/domain `buildBillingReport`.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly billing: BillingRepository,
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
    const rows = await this.billing.statementDays(organizationId, period.start, period.end);
    return rows.map((r) => ({ ...r, day: dayOf(r.day) }));
  }

  /** Names of the statements that still exist; a deleted one is reported by its uid. */
  private statementNames(organizationId: string, uids: string[]): Promise<Map<string, string>> {
    return this.billing.statementNames(organizationId, uids);
  }
}
