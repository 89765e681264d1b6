import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module';
import { NotificationQueue } from './notification-queue';
import { NotificationSubscriptionsController } from './notification-subscriptions.controller';
import { NotificationSubscriptionsService } from './notification-subscriptions.service';

@Module({
  imports: [EnvironmentsModule],
  controllers: [NotificationSubscriptionsController],
  providers: [NotificationSubscriptionsService, NotificationQueue],
})
export class NotificationsModule {}
