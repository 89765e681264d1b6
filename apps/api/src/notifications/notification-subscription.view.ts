import type { NotificationDelivery, NotificationSubscription } from '#db';
import { deliveredStatus } from '#domain';
import type { Urls } from '../common/urls';
import { ts, type Schemas } from '../common/views';

export function subscriptionView(
  sub: NotificationSubscription,
  urls: Urls,
  secret?: string,
): Schemas['NotificationSubscription'] {
  return {
    api_version: 'notifications/v1',
    kind: 'Subscription',
    id: sub.id,
    metadata: {
      self: `${urls.base}/notifications/v1/subscriptions/${sub.id}`,
      created_at: ts(sub.createdAt),
      updated_at: ts(sub.updatedAt),
    },
    spec: {
      display_name: sub.displayName,
      url: sub.url,
      event_types: sub.eventTypes as Schemas['NotificationEventType'][],
      format: sub.format as 'JSON' | 'SLACK',
      pending_minutes: sub.pendingMinutes,
      pool_at_max_minutes: sub.poolAtMaxMinutes,
      dead_letter_window_minutes: sub.deadLetterWindowMinutes,
      cfu_budget: budgetOf(sub),
      environment: {
        id: sub.environmentId,
        related: urls.environment(sub.environmentId),
        resource_name: urls.crn.environment(sub.organizationId, sub.environmentId),
      },
      ...(secret !== undefined ? { secret } : {}),
    },
  };
}

export function deliveryView(
  row: NotificationDelivery & { notification: { eventType: string } },
): Schemas['NotificationDelivery'] {
  return {
    notification_id: row.notificationId,
    event_type: row.notification.eventType,
    attempt: row.attempt,
    status_code: row.statusCode,
    error: row.error,
    duration_ms: row.durationMs,
    delivered: row.statusCode !== null && deliveredStatus(row.statusCode),
    at: ts(row.at),
  };
}

/** A subscription's budget as the API shows it (null when it has none). */
export function budgetOf(sub: NotificationSubscription): Schemas['NotificationCfuBudget'] | null {
  if (sub.budgetCfuMinutes === null) return null;
  return {
    cfu_minutes: sub.budgetCfuMinutes,
    thresholds_percent: sub.budgetThresholds,
    ...(sub.budgetComputePoolId !== null ? { compute_pool_id: sub.budgetComputePoolId } : {}),
  };
}
