import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import {
  conditionKey,
  conditionLasted,
  statementSubject,
  type NotificationEvent,
  type NotificationEventType,
} from '#domain';
import { HOLDING_CFU } from '../admission/pool-admission.service';
import { BudgetCheck } from './budget-check';
import { DeadLetterCheck } from './dead-letter-check';
import { NotificationEmitter } from './notification-emitter';

/** A stored notification still PENDING this long after it was written was probably never queued. */
const REQUEUE_AFTER_MS = 60_000;

interface Condition {
  key: string;
  type: Extract<NotificationEventType, 'STATEMENT_PENDING_STUCK' | 'COMPUTE_POOL_AT_MAX_CFU'>;
  environmentId: string;
  event: (forMinutes: number, since: Date) => NotificationEvent;
}

/**
 * The lasting conditions of the scheduler's region, checked every CFLINK_NOTIFICATION_CHECK_MS:
 * statements PENDING (per resource version, so a resume is a new occurrence) and pools at their
 * max_cfu. Each is remembered from when it is first seen until it clears
 * (notification_conditions); a subscription hears of it once it has lasted its N minutes.
 */
@Injectable()
export class NotificationConditions {
  private readonly logger = new Logger(NotificationConditions.name);
  private lastRun = 0;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly emitter: NotificationEmitter,
    private readonly deadLetters: DeadLetterCheck,
    private readonly budgets: BudgetCheck,
  ) {}

  async maybeRun(now = new Date()): Promise<void> {
    if (now.getTime() - this.lastRun < this.config.notifications.checkIntervalMs) return;
    this.lastRun = now.getTime();
    await this.run(now).catch((e: Error) => this.logger.error(`notification check failed: ${e.message}`));
  }

  async run(now = new Date()): Promise<void> {
    const conditions = [...(await this.pendingStatements()), ...(await this.poolsAtMax())];
    const since = await this.track(conditions, now);
    for (const c of conditions) {
      const began = since.get(c.key)!;
      const ids = await this.prisma.$transaction((tx) =>
        this.emitter.store(tx, c.type, c.environmentId, began.toISOString(), (sub) => {
          const minutes = c.type === 'STATEMENT_PENDING_STUCK' ? sub.pendingMinutes : sub.poolAtMaxMinutes;
          return conditionLasted(began, minutes, now) ? c.event(minutes, began) : null;
        }),
      );
      await this.emitter.enqueue(ids);
    }
    await this.deadLetters.run(now);
    await this.budgets.run(now);
    await this.requeueStranded(now);
  }

  private async pendingStatements(): Promise<Condition[]> {
    const rows = await this.prisma.statement.findMany({
      where: { flinkRegion: this.config.engine.flinkRegion, phase: 'PENDING', stopped: false },
      select: {
        uid: true,
        name: true,
        organizationId: true,
        environmentId: true,
        computePoolId: true,
        detail: true,
        resourceVersion: true,
      },
    });
    return rows.map((s) => ({
      key: conditionKey('STATEMENT_PENDING_STUCK', `${s.uid}@${s.resourceVersion}`),
      type: 'STATEMENT_PENDING_STUCK',
      environmentId: s.environmentId,
      event: (forMinutes, since) => ({
        type: 'STATEMENT_PENDING_STUCK',
        organizationId: s.organizationId,
        environmentId: s.environmentId,
        subject: statementSubject(s, 'PENDING', s.detail),
        occurredAt: since,
        forMinutes,
      }),
    }));
  }

  private async poolsAtMax(): Promise<Condition[]> {
    const pools = await this.prisma.computePool.findMany({
      where: { cloud: this.config.engine.cloud, region: this.config.engine.region },
    });
    if (pools.length === 0) return [];
    const used = await this.prisma.statement.groupBy({
      by: ['computePoolId'],
      where: { computePoolId: { in: pools.map((p) => p.id) }, dispatched: true, phase: { in: HOLDING_CFU } },
      _sum: { cfu: true },
    });
    const cfu = new Map(used.map((u) => [u.computePoolId, u._sum.cfu ?? 0]));
    return pools
      .filter((p) => (cfu.get(p.id) ?? 0) >= p.maxCfu)
      .map((p) => ({
        key: conditionKey('COMPUTE_POOL_AT_MAX_CFU', p.id),
        type: 'COMPUTE_POOL_AT_MAX_CFU',
        environmentId: p.environmentId,
        event: (forMinutes, since) => ({
          type: 'COMPUTE_POOL_AT_MAX_CFU',
          organizationId: p.organizationId,
          environmentId: p.environmentId,
          subject: { kind: 'ComputePool', id: p.id, maxCfu: p.maxCfu, currentCfu: cfu.get(p.id) ?? 0 },
          occurredAt: since,
          forMinutes,
        }),
      }));
  }

  /** Records newly seen conditions of this region, forgets cleared ones; returns when each holding one began. */
  private async track(conditions: Condition[], now: Date): Promise<Map<string, Date>> {
    const prefix = `${this.config.engine.flinkRegion}:`;
    const keys = conditions.map((c) => prefix + c.key);
    await this.prisma.notificationCondition.deleteMany({
      where: { key: { startsWith: prefix, notIn: keys } },
    });
    await this.prisma.notificationCondition.createMany({
      data: keys.map((key) => ({ key, since: now })),
      skipDuplicates: true,
    });
    const rows = await this.prisma.notificationCondition.findMany({ where: { key: { in: keys } } });
    return new Map(rows.map((r) => [r.key.slice(prefix.length), r.since]));
  }

  private async requeueStranded(now: Date): Promise<void> {
    const stranded = await this.prisma.notification.findMany({
      where: { status: 'PENDING', createdAt: { lt: new Date(now.getTime() - REQUEUE_AFTER_MS) } },
      select: { id: true },
      take: 1000,
    });
    await this.emitter.enqueue(stranded.map((n) => n.id));
  }
}
