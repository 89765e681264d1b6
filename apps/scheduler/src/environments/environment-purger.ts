import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PURGE_ENVIRONMENT, readOutboxCommand } from '#contracts';
import { PrismaService } from '#db';
import { kafkaClusterIdOf } from '#domain';
import { deleteTopicsIfPresent, LazyKafkaAdmin } from '#engine';

const BATCH = 20;
const CLUSTER_TOPIC = /^(lkc-[a-z0-9]+)\./;

/**
 * Deletes what a deleted environment left on this region's Kafka: the topics of its logical
 * cluster (`lkc-<env suffix>.<table>`). Its broker ACLs and credentials need nothing here: the
 * deletion removed the role bindings inside it and its keys, and the broker access reconciler
 * takes away what no binding, key or statement justifies any more. The API records the intent (a PurgeEnvironment outbox record per region) in the
 * deletion's transaction; the record is marked done only after the topics are gone, so a failure
 * is retried on the next pass. Reconciliation repairs anything a purge missed or a lost record: a
 * topic of a cluster whose environment was deleted here (a purge record exists, the environment
 * does not) is deleted again. Clusters without such a record are never touched, so another
 * deployment's topics on a shared Kafka are safe.
 */
@Injectable()
export class EnvironmentPurger implements OnModuleDestroy {
  private readonly logger = new Logger(EnvironmentPurger.name);
  private readonly admin: LazyKafkaAdmin;
  private lastReconcile = 0;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {
    this.admin = new LazyKafkaAdmin(config.engine, 'cflink-scheduler-purge');
  }

  /**
   * Starts a pass (pending purges, then reconciliation when due) unless one is running. It does not
   * wait for it: a slow or unreachable Kafka must not hold up admission.
   */
  kick(): void {
    this.running ??= (async () => {
      await this.purgePending();
      await this.reconcile();
    })()
      .catch((e: Error) => this.logger.warn(`environment purge pass failed: ${e.message}`))
      .finally(() => {
        this.running = null;
      });
  }

  /** Carries out this region's pending purge records; returns how many were completed. */
  async purgePending(): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ id: bigint; subjectId: string; payload: unknown }[]>`
      SELECT id, subject_id AS "subjectId", payload FROM outbox_commands
      WHERE dispatched_at IS NULL AND command = ${PURGE_ENVIRONMENT}
        AND payload->>'flinkRegion' = ${this.config.engine.flinkRegion}
      ORDER BY id LIMIT ${BATCH}`;
    let done = 0;
    for (const row of rows) {
      const read = readOutboxCommand({ ...row, command: PURGE_ENVIRONMENT });
      try {
        if (read.ok && read.value.command === PURGE_ENVIRONMENT) {
          await this.purge(row.subjectId, read.value.payload.kafkaClusterId);
        } else if (!read.ok) {
          this.logger.warn(`rejected outbox record ${row.id}: ${read.reason}`);
        }
        await this.prisma.outboxCommand.update({
          where: { id: row.id },
          data: { dispatchedAt: new Date(), ...(read.ok ? {} : { rejection: read.reason }) },
        });
        done += 1;
      } catch (e) {
        this.logger.warn(`purging environment ${row.subjectId} failed (retried next pass): ${(e as Error).message}`);
      }
    }
    return done;
  }

  /**
   * At most once per reconcile interval: deletes again the topics of environments deleted here.
   * Returns the number of environments purged again.
   */
  async reconcile(now = Date.now()): Promise<number> {
    if (now - this.lastReconcile < this.config.scheduler.reconcileIntervalMs) return 0;
    this.lastReconcile = now;
    try {
      const topics = await (await this.admin.get()).listTopics();
      const clusters = new Set(topics.map((t) => CLUSTER_TOPIC.exec(t)?.[1]).filter((c) => c !== undefined));
      const candidates = [...clusters].map((c) => `env-${c.slice('lkc-'.length)}`);
      if (candidates.length === 0) return 0;
      const [purged, existing] = await Promise.all([
        this.prisma.$queryRaw<{ subjectId: string }[]>`
          SELECT DISTINCT subject_id AS "subjectId" FROM outbox_commands
          WHERE command = ${PURGE_ENVIRONMENT} AND subject_id = ANY(${candidates})
            AND payload->>'flinkRegion' = ${this.config.engine.flinkRegion}`,
        this.prisma.environment.findMany({ where: { id: { in: candidates } }, select: { id: true } }),
      ]);
      const alive = new Set(existing.map((e) => e.id));
      const gone = purged.map((p) => p.subjectId).filter((id) => !alive.has(id));
      for (const id of gone) await this.purge(id, kafkaClusterIdOf(id));
      if (gone.length > 0) this.logger.log(`reconcile: purged leftovers of deleted environment(s) ${gone.join(', ')}`);
      return gone.length;
    } catch (e) {
      this.logger.warn(`reconciling deleted environments failed: ${(e as Error).message}`);
      return 0;
    }
  }

  /** Idempotent: topics already gone are fine. Skips an environment that exists (an id reused). */
  private async purge(environmentId: string, clusterId: string): Promise<void> {
    if (await this.prisma.environment.findUnique({ where: { id: environmentId }, select: { id: true } })) return;
    const admin = await this.admin.get();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${clusterId}.`));
    if (topics.length > 0) {
      await deleteTopicsIfPresent(admin, topics);
      this.logger.log(`environment ${environmentId}: deleted ${topics.length} topic(s) of ${clusterId}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
    await this.admin.close();
  }
}
