import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { NOTIFICATIONS_QUEUE, notificationQueuePrefix, queueConnection, type NotificationJob } from '#contracts';
import { PrismaService } from '#db';
import {
  deliveredStatus,
  deliveryBackoffMs,
  openWebhookSecret,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookSignature,
} from '#domain';
import { postWebhook } from './webhook-client';

/**
 * Delivers queued notifications to their webhooks: signs each attempt, records it in the
 * delivery log, and throws on failure so BullMQ retries with the exponential backoff of
 * libs/domain (`deliveryBackoffMs`). Every scheduler replica runs one; jobs are taken once.
 */
@Injectable()
export class NotificationDeliveryProcessor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationDeliveryProcessor.name);
  private worker: Worker<NotificationJob> | null = null;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {}

  onModuleInit(): void {
    const n = this.config.notifications;
    this.worker = new Worker<NotificationJob>(NOTIFICATIONS_QUEUE, (job) => this.deliver(job), {
      connection: queueConnection(this.config.redisUrl),
      prefix: notificationQueuePrefix(this.config),
      concurrency: 4,
      settings: { backoffStrategy: (attempt: number) => deliveryBackoffMs(attempt, n.backoffMs, n.backoffMaxMs) },
    });
    this.worker.on('error', (e) => this.logger.error(`notification queue: ${e.message}`));
  }

  async deliver(job: Job<NotificationJob>): Promise<void> {
    const notification = await this.prisma.notification.findUnique({
      where: { id: job.data.notificationId },
      include: { subscription: true },
    });
    // Deleted with its subscription, or already settled by an earlier run of this job.
    if (!notification || notification.status !== 'PENDING') return;
    const sub = notification.subscription;
    const attempt = job.attemptsMade + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    const secret = openWebhookSecret(sub.secretSealed, this.config.notifications.secretKey);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'cflink-webhooks/1',
      [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, notification.body),
      [TIMESTAMP_HEADER]: String(timestamp),
      'X-Cflink-Notification-Id': notification.id,
      'X-Cflink-Event-Type': notification.eventType,
      'X-Cflink-Attempt': String(attempt),
    };
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await postWebhook(
        sub.url,
        notification.body,
        headers,
        this.config.notifications.targets,
        this.config.notifications.timeoutMs,
      );
      if (!deliveredStatus(statusCode)) error = `the receiver answered HTTP ${statusCode}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const last = attempt >= (job.opts.attempts ?? 1);
    const status = error === null ? 'DELIVERED' : last ? 'FAILED' : 'PENDING';
    await this.prisma.$transaction([
      this.prisma.notificationDelivery.createMany({
        data: [
          {
            notificationId: notification.id,
            subscriptionId: sub.id,
            attempt,
            statusCode,
            error,
            durationMs: Date.now() - started,
          },
        ],
        skipDuplicates: true, // a stalled job run again keeps the first record of its attempt
      }),
      this.prisma.notification.update({ where: { id: notification.id }, data: { status } }),
    ]);
    if (error !== null) throw new Error(error);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }
}
