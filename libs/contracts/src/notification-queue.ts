import { Queue, type JobsOptions } from 'bullmq';
import type { CflinkConfig } from '#config';
import { queueConnection } from './transport';

/**
 * The webhook delivery queue: the scheduler (events, lasting conditions) and the API (test-send)
 * store a notification in PostgreSQL, then queue its id; the scheduler's delivery processor
 * sends it. Its Redis keys carry the deployment's prefix (CFLINK_RATE_LIMIT_PREFIX), so
 * deployments and test runs sharing a Redis never take each other's deliveries.
 */
export const NOTIFICATIONS_QUEUE = 'cflink-notifications';
/** Name of the backoff strategy the delivery processor registers (libs/domain deliveryBackoffMs). */
export const WEBHOOK_BACKOFF = 'webhook';

export interface NotificationJob {
  notificationId: string;
}

export function notificationQueuePrefix(config: Pick<CflinkConfig, 'rateLimit'>): string {
  return `${config.rateLimit.prefix}:bull`;
}

/** One job per notification (its id is the job id, so queuing it again is a no-op), retried with backoff. */
export function notificationJobOptions(
  config: Pick<CflinkConfig, 'notifications'>,
  notificationId: string,
): JobsOptions {
  return {
    jobId: notificationId,
    attempts: config.notifications.attempts,
    backoff: { type: WEBHOOK_BACKOFF },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** The queue as a producer (scheduler, API) opens it. */
export function openNotificationQueue(config: Pick<CflinkConfig, 'redisUrl' | 'rateLimit'>): Queue<NotificationJob> {
  return new Queue<NotificationJob>(NOTIFICATIONS_QUEUE, {
    connection: queueConnection(config.redisUrl),
    prefix: notificationQueuePrefix(config),
  });
}

/** Queues stored notifications by id (idempotent: a queued id is not queued twice). */
export async function queueNotifications(
  queue: Queue<NotificationJob>,
  config: Pick<CflinkConfig, 'notifications'>,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await queue.addBulk(
    ids.map((notificationId) => ({
      name: 'deliver',
      data: { notificationId },
      opts: notificationJobOptions(config, notificationId),
    })),
  );
}
