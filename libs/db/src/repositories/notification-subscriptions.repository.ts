import { Injectable } from '@nestjs/common';
import type { NotificationDelivery, NotificationSubscription, Prisma } from '../generated/client.js';
import { TransactionalRepository, inEnvironment, type ListArgs } from './tenant-scope';

export type SubscriptionFields = Pick<
  Prisma.NotificationSubscriptionUncheckedCreateInput,
  | 'displayName'
  | 'url'
  | 'eventTypes'
  | 'format'
  | 'pendingMinutes'
  | 'poolAtMaxMinutes'
  | 'deadLetterWindowMinutes'
  | 'budgetCfuMinutes'
  | 'budgetThresholds'
  | 'budgetComputePoolId'
>;

/** Webhook subscriptions of one organization's environments, and their delivery logs; every query is scoped by both. */
@Injectable()
export class NotificationSubscriptionsRepository extends TransactionalRepository {
  list(
    organizationId: string,
    environmentId: string,
    args: ListArgs<Prisma.NotificationSubscriptionWhereInput>,
  ): Promise<NotificationSubscription[]> {
    const { where, ...rest } = args;
    return this.prisma.notificationSubscription.findMany({
      where: inEnvironment(organizationId, environmentId, where),
      ...rest,
    });
  }

  find(organizationId: string, environmentId: string, id: string): Promise<NotificationSubscription | null> {
    return this.prisma.notificationSubscription.findFirst({ where: { id, organizationId, environmentId } });
  }

  create(
    organizationId: string,
    environmentId: string,
    id: string,
    secretSealed: string,
    fields: SubscriptionFields,
  ): Promise<NotificationSubscription> {
    return this.prisma.notificationSubscription.create({
      data: { id, organizationId, environmentId, secretSealed, ...fields },
    });
  }

  async update(
    organizationId: string,
    environmentId: string,
    id: string,
    fields: Partial<SubscriptionFields>,
  ): Promise<NotificationSubscription | null> {
    const { count } = await this.prisma.notificationSubscription.updateMany({
      where: { id, organizationId, environmentId },
      data: fields,
    });
    return count === 0 ? null : this.find(organizationId, environmentId, id);
  }

  async delete(organizationId: string, environmentId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.notificationSubscription.deleteMany({
      where: { id, organizationId, environmentId },
    });
    return count > 0;
  }

  /** Delivery attempts of the subscription (which the caller found in its environment), oldest first. */
  deliveries(
    subscriptionId: string,
    args: { afterId?: bigint; take: number },
  ): Promise<(NotificationDelivery & { notification: { eventType: string } })[]> {
    return this.prisma.notificationDelivery.findMany({
      where: { subscriptionId, ...(args.afterId !== undefined ? { id: { gt: args.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: args.take,
      include: { notification: { select: { eventType: true } } },
    });
  }

  /** A notification of the subscription, stored before it is queued. */
  createNotification(
    subscriptionId: string,
    data: { id: string; eventType: string; dedupKey: string; body: string },
  ): Promise<{ id: string }> {
    return this.prisma.notification.create({ data: { subscriptionId, ...data }, select: { id: true } });
  }
}
