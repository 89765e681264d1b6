import { Module } from '@nestjs/common';
import { NotificationConditions } from './notification-conditions';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationEmitter } from './notification-emitter';

/** Webhook notifications: detection (events, lasting conditions), storage and delivery. */
@Module({
  providers: [NotificationEmitter, NotificationConditions, NotificationDeliveryProcessor],
  exports: [NotificationEmitter, NotificationConditions],
})
export class NotificationsModule {}
