import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { openNotificationQueue, queueNotifications, type NotificationJob } from '#contracts';

/** The API's side of the webhook delivery queue (test-send); the scheduler delivers. */
@Injectable()
export class NotificationQueue implements OnModuleDestroy {
  private queue: Queue<NotificationJob> | null = null;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  async enqueue(notificationId: string): Promise<void> {
    this.queue ??= openNotificationQueue(this.config);
    await queueNotifications(this.queue, this.config, [notificationId]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
