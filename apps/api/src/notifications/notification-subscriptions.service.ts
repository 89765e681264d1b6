import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { ComputePoolsRepository, NotificationSubscriptionsRepository, type NotificationSubscription } from '#db';
import {
  newWebhookSecret,
  notificationDedupKey,
  renderNotification,
  sealWebhookSecret,
  TEST_EVENT_TYPE,
  webhookUrlProblem,
  type NotificationEvent,
  type NotificationFormat,
} from '#domain';
import type { Caller } from '../auth/caller';
import { ApiError } from '../common/api-error';
import { finishPage, pageRequest } from '../common/pagination';
import { withUniqueId } from '../common/unique-id';
import { EnvironmentsService } from '../environments/environments.service';
import type { Schemas } from '../common/views';
import type { BodyOf, QueryOf } from '../openapi/operation.decorator';
import { budgetOf } from './notification-subscription.view';
import { NotificationQueue } from './notification-queue';

export type SubscriptionCreate = BodyOf<'createNotificationSubscription'>['spec'];
export type SubscriptionUpdate = BodyOf<'updateNotificationSubscription'>['spec'];
export type SubscriptionListQuery = QueryOf<'listNotificationSubscriptions'>;
export type DeliveryListQuery = QueryOf<'listNotificationDeliveries'>;

const DEFAULT_MINUTES = 10;
const DEFAULT_DEAD_LETTER_WINDOW_MINUTES = 60;
const DEFAULT_BUDGET_THRESHOLDS = [100];
type CfuBudget = Schemas['NotificationCfuBudget'];
/** Subscriptions per environment: each event fans out to all of them. */
export const MAX_SUBSCRIPTIONS_PER_ENVIRONMENT = 20;

@Injectable()
export class NotificationSubscriptionsService {
  constructor(
    private readonly subscriptions: NotificationSubscriptionsRepository,
    private readonly pools: ComputePoolsRepository,
    private readonly environments: EnvironmentsService,
    private readonly queue: NotificationQueue,
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
  ) {}

  async list(caller: Caller, query: SubscriptionListQuery, listUrl: string) {
    await this.environments.named(caller, query.environment, { parameter: 'environment' });
    const page = pageRequest(query, `nsubs:${caller.organizationId}:${query.environment}`);
    const rows = await this.subscriptions.list(caller.organizationId, query.environment, {
      where: page.cursor ? { seq: { gt: page.cursor.after } } : {},
      orderBy: { seq: 'asc' },
      take: page.size + 1,
    });
    return finishPage(rows, page, listUrl, { environment: query.environment });
  }

  async get(caller: Caller, id: string, environmentId: string): Promise<NotificationSubscription> {
    await this.environments.named(caller, environmentId, { parameter: 'environment' });
    const sub = await this.subscriptions.find(caller.organizationId, environmentId, id);
    if (!sub) throw ApiError.notFound('Notification subscription', id);
    return sub;
  }

  /** Creates the subscription; the secret is returned here only, and stored sealed. */
  async create(caller: Caller, spec: SubscriptionCreate): Promise<{ sub: NotificationSubscription; secret: string }> {
    const environmentId = spec.environment.id;
    await this.environments.named(caller, environmentId, { pointer: '/spec/environment/id' });
    this.assertUrl(spec.url);
    await this.assertBudget(caller, environmentId, spec.event_types, spec.cfu_budget ?? null);
    const existing = await this.subscriptions.list(caller.organizationId, environmentId, {
      orderBy: { seq: 'asc' },
      take: MAX_SUBSCRIPTIONS_PER_ENVIRONMENT,
    });
    if (existing.length >= MAX_SUBSCRIPTIONS_PER_ENVIRONMENT) {
      throw ApiError.conflict(
        `Environment ${environmentId} already has ${existing.length} notification subscriptions, the most allowed; delete one first.`,
        'quota_exceeded',
      );
    }
    const secret = newWebhookSecret();
    const sealed = sealWebhookSecret(secret, this.config.notifications.secretKey);
    const sub = await withUniqueId('notificationSubscription', (id) =>
      this.subscriptions.create(caller.organizationId, environmentId, id, sealed, {
        displayName: spec.display_name ?? new URL(spec.url).host,
        url: spec.url,
        eventTypes: spec.event_types,
        format: spec.format ?? 'JSON',
        pendingMinutes: spec.pending_minutes ?? DEFAULT_MINUTES,
        poolAtMaxMinutes: spec.pool_at_max_minutes ?? DEFAULT_MINUTES,
        deadLetterWindowMinutes: spec.dead_letter_window_minutes ?? DEFAULT_DEAD_LETTER_WINDOW_MINUTES,
        ...budgetFields(spec.cfu_budget ?? null),
      }),
    );
    return { sub, secret };
  }

  async update(caller: Caller, id: string, spec: SubscriptionUpdate): Promise<NotificationSubscription> {
    const current = await this.get(caller, id, spec.environment.id);
    if (spec.url !== undefined) this.assertUrl(spec.url);
    const budget = spec.cfu_budget !== undefined ? spec.cfu_budget : budgetOf(current);
    await this.assertBudget(caller, spec.environment.id, spec.event_types ?? current.eventTypes, budget);
    const updated = await this.subscriptions.update(caller.organizationId, spec.environment.id, id, {
      displayName: spec.display_name,
      url: spec.url,
      eventTypes: spec.event_types,
      format: spec.format,
      pendingMinutes: spec.pending_minutes,
      poolAtMaxMinutes: spec.pool_at_max_minutes,
      deadLetterWindowMinutes: spec.dead_letter_window_minutes,
      ...(spec.cfu_budget !== undefined ? budgetFields(spec.cfu_budget) : {}),
    });
    if (!updated) throw ApiError.notFound('Notification subscription', id);
    return updated;
  }

  async delete(caller: Caller, id: string, environmentId: string): Promise<void> {
    await this.get(caller, id, environmentId);
    if (!(await this.subscriptions.delete(caller.organizationId, environmentId, id))) {
      throw ApiError.notFound('Notification subscription', id);
    }
  }

  /** Stores a TEST notification and queues it at once; the scheduler's processor delivers it. */
  async testSend(caller: Caller, id: string, environmentId: string): Promise<string> {
    const sub = await this.get(caller, id, environmentId);
    const notificationId = randomUUID();
    const event: NotificationEvent = {
      type: TEST_EVENT_TYPE,
      organizationId: sub.organizationId,
      environmentId: sub.environmentId,
      subject: {
        kind: 'Statement',
        name: 'example-statement',
        uid: '00000000-0000-0000-0000-000000000000',
        computePoolId: 'lfcp-example',
        phase: 'FAILED',
        detail: 'A sample event sent by the test-send endpoint.',
      },
      occurredAt: new Date(),
    };
    await this.subscriptions.createNotification(sub.id, {
      id: notificationId,
      eventType: TEST_EVENT_TYPE,
      dedupKey: notificationDedupKey(event, notificationId),
      body: renderNotification(sub.format as NotificationFormat, notificationId, event),
    });
    await this.queue.enqueue(notificationId);
    return notificationId;
  }

  async deliveries(caller: Caller, id: string, query: DeliveryListQuery, listUrl: string) {
    const sub = await this.get(caller, id, query.environment);
    const page = pageRequest(query, `ndeliveries:${sub.id}`);
    const rows = await this.subscriptions.deliveries(sub.id, { afterId: page.cursor?.after, take: page.size + 1 });
    return finishPage(
      rows.map((r) => ({ ...r, seq: r.id })),
      page,
      listUrl,
      { environment: query.environment },
    );
  }

  /** CFU_BUDGET_CROSSED needs a budget; a budget's pool must be a pool of the environment. */
  private async assertBudget(
    caller: Caller,
    environmentId: string,
    eventTypes: readonly string[],
    budget: CfuBudget | null,
  ): Promise<void> {
    if (eventTypes.includes('CFU_BUDGET_CROSSED') && !budget) {
      throw ApiError.badRequest(
        'event_types has CFU_BUDGET_CROSSED but the subscription has no spec.cfu_budget: set cfu_budget.cfu_minutes (CFU-minutes per calendar month).',
        { pointer: '/spec/cfu_budget' },
      );
    }
    const poolId = budget?.compute_pool_id;
    if (poolId !== undefined && !(await this.pools.find(caller.organizationId, environmentId, poolId))) {
      throw ApiError.badRequest(
        `spec.cfu_budget.compute_pool_id names compute pool "${poolId}", which is not a pool of environment ${environmentId}; name one of its pools or leave it out to budget the whole environment.`,
        { pointer: '/spec/cfu_budget/compute_pool_id' },
      );
    }
  }

  private assertUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.notifications.targets);
    if (problem) throw ApiError.badRequest(`spec.url ${problem}.`, { pointer: '/spec/url' }, 'invalid_webhook_url');
  }
}

function budgetFields(budget: CfuBudget | null) {
  return {
    budgetCfuMinutes: budget?.cfu_minutes ?? null,
    budgetThresholds: budget?.thresholds_percent ?? DEFAULT_BUDGET_THRESHOLDS,
    budgetComputePoolId: budget?.compute_pool_id ?? null,
  };
}
