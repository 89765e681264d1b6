import { Module } from '@nestjs/common';
import { BudgetCheck } from './budget-check';
import { DeadLetterCheck } from './dead-letter-check';
import { NotificationConditions } from './notification-conditions';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationEmitter } from './notification-emitter';

/** Webhook notifications: detection (events, lasting conditions, dead letters, budgets), storage and delivery. */
@Module({
  providers: [NotificationEmitter, NotificationConditions, NotificationDeliveryProcessor, DeadLetterCheck, BudgetCheck],
  exports: [NotificationEmitter, NotificationConditions],
})
export class NotificationsModule {}
