import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { openNotificationQueue, queueNotifications, type NotificationJob } from '#contracts';
import { type NotificationSubscription, type Statement, type Tx } from '#db';
import {
  notificationDedupKey,
  renderNotification,
  statementSubject,
  type NotificationEvent,
  type NotificationEventType,
  type NotificationFormat,
} from '#domain';

/**
 * Turns detected events into stored notifications, one per matching subscription, under the
 * unique (subscription, dedup key): a replayed event or a repeated check inserts nothing. The
 * rows are written first and queued after their transaction commits; the conditions pass queues
 * again any that stayed PENDING (a crash in between), and the job id makes that idempotent.
 */
@Injectable()
export class NotificationEmitter implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationEmitter.name);
  private queue: Queue<NotificationJob> | null = null;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  /**
   * Stores the notifications of one occurrence in `db` for the environment's subscriptions to
   * `type` (as `eventFor` renders it for each; null skips that subscription). Returns the ids
   * stored now, to `enqueue` once `db`'s transaction has committed.
   */
  async store(
    db: Tx,
    type: NotificationEventType,
    environmentId: string,
    occurrence: string,
    eventFor: (sub: NotificationSubscription) => NotificationEvent | null,
  ): Promise<string[]> {
    const subs = await db.notificationSubscription.findMany({ where: { environmentId, eventTypes: { has: type } } });
    const rows = subs.flatMap((sub) => {
      const event = eventFor(sub);
      if (!event) return [];
      const id = randomUUID();
      return [
        {
          id,
          subscriptionId: sub.id,
          eventType: type,
          dedupKey: notificationDedupKey(event, occurrence),
          body: renderNotification(sub.format as NotificationFormat, id, event),
        },
      ];
    });
    if (rows.length === 0) return [];
    await db.notification.createMany({ data: rows, skipDuplicates: true });
    const stored = await db.notification.findMany({
      where: { id: { in: rows.map((r) => r.id) } },
      select: { id: true },
    });
    return stored.map((r) => r.id);
  }

  /** A statement whose phase just became FAILED or DEGRADED through the event `seq` (in the event's transaction). */
  phaseChanged(db: Tx, row: Statement, phase: 'FAILED' | 'DEGRADED', detail: string, seq: number, at: Date) {
    const type = phase === 'FAILED' ? 'STATEMENT_FAILED' : 'STATEMENT_DEGRADED';
    return this.store(db, type, row.environmentId, String(seq), () => ({
      type,
      organizationId: row.organizationId,
      environmentId: row.environmentId,
      subject: statementSubject(row, phase, detail),
      occurredAt: at,
    }));
  }

  /** Queues stored notifications; a failure is logged and left to the conditions pass to repair. */
  async enqueue(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.queue ??= openNotificationQueue(this.config);
    try {
      await queueNotifications(this.queue, this.config, ids);
    } catch (e) {
      this.logger.warn(`notifications stored but not queued yet (retried by the next check): ${(e as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
