import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PoolAdmissionService } from './admission/pool-admission.service';
import { AutopilotPass } from './autopilot/autopilot-pass';
import { EnvironmentPurger } from './environments/environment-purger';
import { StatementEventConsumer } from './events/statement-event-consumer';
import { KafkaAccessReconciler } from './kafka-access/kafka-access-reconciler';
import { LeaderLease } from './leader/leader-lease';
import { MeteringPass } from './metering/metering-pass';
import { NotificationConditions } from './notifications/notification-conditions';
import { QueueReconciler } from './reconcile/queue-reconciler';
import { OUTBOX_RELAY_BATCH, OutboxRelay } from './relay/outbox-relay';
import { OutboxWakeups } from './wakeups/outbox-wakeups';

/**
 * The scheduler's one loop: wait for the lease, then relay, sync broker access, admit, size
 * running statements (Autopilot), reconcile,
 * meter and check notification conditions every interval, and at once when an outbox command commits.
 */
@Injectable()
export class SchedulerLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerLoop.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** A wake-up arrived during a pass: run another one right after it. */
  private wanted = false;
  /** When the first wake-up not yet served by a pass arrived (hop traces). */
  private wokenAt: number | null = null;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly lease: LeaderLease,
    private readonly relay: OutboxRelay,
    private readonly admission: PoolAdmissionService,
    private readonly events: StatementEventConsumer,
    private readonly reconciler: QueueReconciler,
    private readonly purger: EnvironmentPurger,
    private readonly kafkaAccess: KafkaAccessReconciler,
    private readonly metering: MeteringPass,
    private readonly wakeups: OutboxWakeups,
    private readonly notifications: NotificationConditions,
    private readonly autopilot: AutopilotPass,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
    this.wakeups.listen(() => this.wake());
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    this.wokenAt ??= Date.now();
    if (this.running) {
      this.wanted = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** One pass; public so tests and tools can drive it. */
  async tick(): Promise<void> {
    const woken = this.wokenAt ?? Date.now();
    this.wokenAt = null;
    if (!(await this.lease.tryAcquire())) return;
    await this.events.start();
    // Independent of each other, so side by side: the outbox is drained (stops and deletes
    // enqueued) and the broker rights of new statements' principals are put in place, from the
    // waiting statements read once for it and for admission, which then starts those whose
    // rights are in place.
    const waiting = this.admission.waiting();
    waiting.catch(() => undefined); // awaited by admission below
    await Promise.all([
      this.drainOutbox(woken),
      this.kafkaAccess
        .reconcile(waiting)
        .catch((e: Error) => this.logger.error(`broker credentials and ACLs not reconciled: ${e.message}`)),
    ]);
    await this.admission.admitAll((uid, principal) => this.kafkaAccess.covers(uid, principal), woken, waiting);
    await this.autopilot.maybeRun().catch((e: Error) => this.logger.error(`autopilot pass failed: ${e.message}`));
    await this.reconciler.reconcile();
    this.purger.kick();
    await this.metering.maybeRun();
    await this.notifications.maybeRun();
  }

  /** A short batch was the whole backlog: a record committed since notifies, and that wake-up runs another pass. */
  private async drainOutbox(woken: number): Promise<void> {
    while ((await this.relay.relay(woken)) === OUTBOX_RELAY_BATCH) {
      // the next batch
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((e: Error) => this.logger.error(`scheduler pass failed: ${e.message}`))
        .finally(() => {
          this.running = null;
          const again = this.wanted;
          this.wanted = false;
          this.schedule(again ? 0 : this.config.scheduler.intervalMs);
        });
    }, delay);
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Runs no more passes; resolves once the one in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
