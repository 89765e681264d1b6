import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import {
  NOTIFICATIONS_QUEUE,
  notificationJobOptions,
  notificationQueuePrefix,
  queueConnection,
  type NotificationJob,
} from '#contracts';

/** The API's side of the webhook delivery queue (test-send); the scheduler delivers. */
@Injectable()
export class NotificationQueue implements OnModuleDestroy {
  private queue: Queue<NotificationJob> | null = null;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  async enqueue(notificationId: string): Promise<void> {
    this.queue ??= new Queue<NotificationJob>(NOTIFICATIONS_QUEUE, {
      connection: queueConnection(this.config.redisUrl),
      prefix: notificationQueuePrefix(this.config),
    });
    await this.queue.add('deliver', { notificationId }, notificationJobOptions(this.config, notificationId));
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
