import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { TEST_EVENT_TYPE } from '#domain';
import { CurrentCaller, type Caller } from '../auth/caller';
import { Urls } from '../common/urls';
import { Valid } from '../common/valid.decorator';
import type { Schemas } from '../common/views';
import { Operation } from '../openapi/operation.decorator';
import { deliveryView, subscriptionView } from './notification-subscription.view';
import {
  NotificationSubscriptionsService,
  type DeliveryListQuery,
  type SubscriptionCreate,
  type SubscriptionListQuery,
  type SubscriptionUpdate,
} from './notification-subscriptions.service';

@Controller('notifications/v1/subscriptions')
export class NotificationSubscriptionsController {
  constructor(
    private readonly subscriptions: NotificationSubscriptionsService,
    private readonly urls: Urls,
  ) {}

  @Get()
  @Operation('listNotificationSubscriptions')
  async list(
    @CurrentCaller() caller: Caller,
    @Valid('query') query: SubscriptionListQuery,
  ): Promise<Schemas['NotificationSubscriptionList']> {
    const listUrl = `${this.urls.base}/notifications/v1/subscriptions`;
    const { rows, metadata } = await this.subscriptions.list(caller, query, listUrl);
    return {
      api_version: 'notifications/v1',
      kind: 'SubscriptionList',
      metadata,
      data: rows.map((s) => subscriptionView(s, this.urls)),
    };
  }

  @Post()
  @HttpCode(201)
  @Operation('createNotificationSubscription')
  async create(@CurrentCaller() caller: Caller, @Valid('body') body: { spec: SubscriptionCreate }) {
    const { sub, secret } = await this.subscriptions.create(caller, body.spec);
    return subscriptionView(sub, this.urls, secret);
  }

  @Get(':id')
  @Operation('getNotificationSubscription')
  async get(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('query') query: { environment: string },
  ) {
    return subscriptionView(await this.subscriptions.get(caller, params.id, query.environment), this.urls);
  }

  @Patch(':id')
  @Operation('updateNotificationSubscription')
  async update(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('body') body: { spec: SubscriptionUpdate },
  ) {
    return subscriptionView(await this.subscriptions.update(caller, params.id, body.spec), this.urls);
  }

  @Delete(':id')
  @HttpCode(204)
  @Operation('deleteNotificationSubscription')
  async delete(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('query') query: { environment: string },
  ) {
    await this.subscriptions.delete(caller, params.id, query.environment);
  }

  @Post(':id/test')
  @HttpCode(202)
  @Operation('testNotificationSubscription')
  async test(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('query') query: { environment: string },
  ): Promise<Schemas['NotificationTestSend']> {
    const notificationId = await this.subscriptions.testSend(caller, params.id, query.environment);
    return {
      api_version: 'notifications/v1',
      kind: 'TestSend',
      notification_id: notificationId,
      event_type: TEST_EVENT_TYPE,
    };
  }

  @Get(':id/deliveries')
  @Operation('listNotificationDeliveries')
  async deliveries(
    @CurrentCaller() caller: Caller,
    @Valid('params') params: { id: string },
    @Valid('query') query: DeliveryListQuery,
  ): Promise<Schemas['NotificationDeliveryList']> {
    const listUrl = `${this.urls.base}/notifications/v1/subscriptions/${params.id}/deliveries`;
    const { rows, metadata } = await this.subscriptions.deliveries(caller, params.id, query, listUrl);
    return { api_version: 'notifications/v1', kind: 'DeliveryList', metadata, data: rows.map(deliveryView) };
  }
}
