import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type CflinkConfig } from '#config';
import { DbModule } from '#db';
import { PoolAdmissionService } from './admission/pool-admission.service';
import { AutopilotPass } from './autopilot/autopilot-pass';
import { EnvironmentPurger } from './environments/environment-purger';
import { StatementEventConsumer } from './events/statement-event-consumer';
import { KafkaAccessReconciler } from './kafka-access/kafka-access-reconciler';
import { LeaderLease } from './leader/leader-lease';
import { EngineQueues } from './queues/engine-queues';
import { CfuLedger } from './metering/cfu-ledger';
import { MeteringPass } from './metering/metering-pass';
import { StatementMetricsStore } from './metrics/statement-metrics-store';
import { NotificationsModule } from './notifications/notifications.module';
import { QueueReconciler } from './reconcile/queue-reconciler';
import { OutboxRelay } from './relay/outbox-relay';
import { OutboxWakeups } from './wakeups/outbox-wakeups';
import { SchedulerLoop } from './scheduler-loop';

@Module({})
export class SchedulerModule {
  static forRoot(config: CflinkConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [ConfigModule.forRoot(config), DbModule, NotificationsModule],
      providers: [
        LeaderLease,
        EngineQueues,
        OutboxRelay,
        PoolAdmissionService,
        AutopilotPass,
        CfuLedger,
        MeteringPass,
        StatementMetricsStore,
        StatementEventConsumer,
        QueueReconciler,
        EnvironmentPurger,
        KafkaAccessReconciler,
        OutboxWakeups,
        SchedulerLoop,
      ],
      exports: [SchedulerLoop, LeaderLease, MeteringPass, StatementMetricsStore, AutopilotPass],
    };
  }
}
