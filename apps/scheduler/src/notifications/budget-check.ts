import { Injectable } from '@nestjs/common';
import { PrismaService, type NotificationSubscription } from '#db';
import { budgetPeriod, crossedThresholds, thresholdCfuMinutes, type NotificationSubject } from '#domain';
import { HOLDING_CFU } from '../admission/pool-admission.service';
import { NotificationEmitter } from './notification-emitter';

/**
 * CFU_BUDGET_CROSSED: the metered CFU-minutes of the current calendar month (UTC; the ledger's
 * daily roll-ups, as billing reads them) of each budgeted environment or pool, against each
 * threshold of its subscriptions. The occurrence is the month, threshold and budget, stored
 * under the notifications' unique key: once per period and threshold, across restarts.
 */
@Injectable()
export class BudgetCheck {
  constructor(
    private readonly prisma: PrismaService,
    private readonly emitter: NotificationEmitter,
  ) {}

  async run(now: Date): Promise<void> {
    const subs = await this.prisma.notificationSubscription.findMany({
      where: { eventTypes: { has: 'CFU_BUDGET_CROSSED' }, budgetCfuMinutes: { not: null } },
    });
    if (subs.length === 0) return;
    const period = budgetPeriod(now);
    const envs = [...new Set(subs.map((s) => s.environmentId))];
    const usage = await this.prisma.$queryRaw<{ environment_id: string; compute_pool_id: string; used: bigint }[]>`
      SELECT environment_id, compute_pool_id, SUM(cfu_minutes)::bigint AS used FROM cfu_days
      WHERE environment_id = ANY(${envs})
        AND day >= (${period.start}::timestamptz AT TIME ZONE 'UTC')::date
        AND day < (${period.end}::timestamptz AT TIME ZONE 'UTC')::date
      GROUP BY 1, 2`;
    const used = (sub: NotificationSubscription) =>
      usage
        .filter((u) => u.environment_id === sub.environmentId)
        .filter((u) => sub.budgetComputePoolId === null || u.compute_pool_id === sub.budgetComputePoolId)
        .reduce((sum, u) => sum + Number(u.used), 0);
    for (const sub of subs) {
      const budget = sub.budgetCfuMinutes!;
      const usedCfuMinutes = used(sub);
      const crossed = crossedThresholds(usedCfuMinutes, budget, sub.budgetThresholds);
      if (crossed.length === 0) continue;
      const subject = await this.subject(sub);
      for (const percent of crossed) {
        const occurrence = `${period.label}:${percent}:${budget}`;
        const ids = await this.prisma.$transaction((tx) =>
          this.emitter.store(tx, 'CFU_BUDGET_CROSSED', sub.environmentId, occurrence, (s) =>
            s.id !== sub.id
              ? null
              : {
                  type: 'CFU_BUDGET_CROSSED',
                  organizationId: sub.organizationId,
                  environmentId: sub.environmentId,
                  subject,
                  occurredAt: now,
                  budget: {
                    period: period.label,
                    periodStart: period.start,
                    periodEnd: period.end,
                    budgetCfuMinutes: budget,
                    thresholdPercent: percent,
                    thresholdCfuMinutes: thresholdCfuMinutes(budget, percent),
                    usedCfuMinutes,
                    computePoolId: sub.budgetComputePoolId,
                  },
                },
          ),
        );
        await this.emitter.enqueue(ids);
      }
    }
  }

  /** The environment, or the budget's pool with its CFUs now. */
  private async subject(sub: NotificationSubscription): Promise<NotificationSubject> {
    const poolId = sub.budgetComputePoolId;
    const pool = poolId ? await this.prisma.computePool.findUnique({ where: { id: poolId } }) : null;
    if (!pool) return { kind: 'Environment', id: sub.environmentId };
    const held = await this.prisma.statement.aggregate({
      where: { computePoolId: pool.id, dispatched: true, phase: { in: HOLDING_CFU } },
      _sum: { cfu: true },
    });
    return { kind: 'ComputePool', id: pool.id, maxCfu: pool.maxCfu, currentCfu: held._sum.cfu ?? 0 };
  }
}
