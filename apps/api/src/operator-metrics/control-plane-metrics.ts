import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { poolQueueName, STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC } from '#contracts';
import { PrismaService } from '#db';
import { LazyKafkaAdmin } from '#engine';
import { cumulativeHistogram, STATEMENT_PHASES } from '#domain';
import { RedisService } from '../rate-limit/redis.service';
import { StoredHistogram } from './stored-histogram';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/**
 * The control plane's own health for operators, read afresh at every scrape from where it lives:
 * PostgreSQL (outbox backlog, statements per phase, admission wait and latency, sample age), Redis (BullMQ
 * command queue depths) and Kafka (the scheduler's consumer lag on the report topics), plus this
 * API process's own metrics. A source that cannot be read reports `cflink_source_up 0` rather
 * than failing the scrape (its queue and lag gauges are left out; PostgreSQL's keep their values).
 */
@Injectable()
export class ControlPlaneMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly logger = new Logger('OperatorMetrics');
  private readonly queues = new Map<string, Queue>();
  private readonly kafka: LazyKafkaAdmin;
  private readonly read: () => Promise<void>;
  private readonly duration: Gauge;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {
    this.kafka = new LazyKafkaAdmin(config.engine, 'cflink-api-operator-metrics');
    collectDefaultMetrics({ register: this.registry, prefix: 'cflink_api_' });
    this.duration = this.gauge(
      'cflink_scrape_duration_seconds',
      'Time this scrape took to read the control plane state.',
    );
    const up = this.gauge('cflink_source_up', 'Whether the source could be read at this scrape (1) or not (0).', [
      'source',
    ]);
    const phases = this.gauge('cflink_statements', 'Statements per phase, all organizations.', ['phase']);
    const backlog = this.gauge('cflink_outbox_backlog', 'Outbox commands the scheduler has not relayed yet.');
    const backlogAge = this.gauge(
      'cflink_outbox_oldest_age_seconds',
      'Age of the oldest outbox command not relayed yet.',
    );
    const pending = this.gauge(
      'cflink_admission_pending',
      'Statements waiting for admission (PENDING, not dispatched).',
    );
    const wait = this.gauge(
      'cflink_admission_wait_seconds_max',
      'Longest time a statement has been waiting for admission (since its last change).',
    );
    const latency = new StoredHistogram(
      'cflink_admission_latency_seconds',
      'Time from a committed create or resume to the statement being admitted onto its pool.',
      this.registry,
    );
    const sampleAge = this.gauge(
      'cflink_metric_sample_age_seconds_max',
      "Age of the oldest 'latest metric sample' among running statements: how far behind the engine's reports are.",
    );
    const queueJobs = this.gauge('cflink_queue_jobs', 'Jobs in a compute pool command queue (BullMQ), per state.', [
      'queue',
      'state',
    ]);
    const lag = this.gauge(
      'cflink_scheduler_consumer_lag',
      'Records of a report topic the scheduler has not consumed yet.',
      ['topic'],
    );

    this.read = async () => {
      const ok = await this.source(up, 'postgresql', async () => {
        const counts = await this.prisma.$queryRaw<{ phase: string; n: bigint }[]>`
          SELECT phase::text AS phase, count(*) AS n FROM statements GROUP BY phase`;
        const byPhase = new Map(counts.map((c) => [c.phase, Number(c.n)]));
        for (const p of STATEMENT_PHASES) phases.set({ phase: p }, byPhase.get(p) ?? 0);
        const [outbox] = await this.prisma.$queryRaw<{ n: bigint; age: number | null }[]>`
          SELECT count(*) AS n, extract(epoch FROM now() - min(created_at))::float8 AS age
          FROM outbox_commands WHERE dispatched_at IS NULL`;
        backlog.set(Number(outbox.n));
        backlogAge.set(outbox.age ?? 0);
        const [admission] = await this.prisma.$queryRaw<{ n: bigint; age: number | null }[]>`
          SELECT count(*) AS n, extract(epoch FROM now() - min(updated_at))::float8 AS age
          FROM statements WHERE phase = 'PENDING' AND NOT stopped AND NOT dispatched`;
        pending.set(Number(admission.n));
        wait.set(admission.age ?? 0);
        const [samples] = await this.prisma.$queryRaw<{ age: number | null }[]>`
          SELECT extract(epoch FROM now() - min((latest_metrics->>'at')::timestamptz))::float8 AS age
          FROM statements WHERE phase IN ('RUNNING', 'DEGRADED') AND latest_metrics->>'at' IS NOT NULL`;
        sampleAge.set(samples.age ?? 0);
        // Every region's scheduler counts its own; served as one histogram of the deployment.
        const buckets = await this.prisma.$queryRaw<{ le: string; n: bigint; sum: number }[]>`
          SELECT le::text AS le, sum(count)::bigint AS n, sum(sum_seconds)::float8 AS sum
          FROM admission_latency_buckets GROUP BY le`;
        const histogram = cumulativeHistogram(
          buckets.map((b) => ({ le: Number(b.le), count: Number(b.n), sumSeconds: b.sum })),
        );
        latency.set([{ labels: {}, histogram }]);
      });
      queueJobs.reset();
      if (ok) await this.source(up, 'redis', () => this.queueDepths(queueJobs));
      lag.reset();
      await this.source(up, 'kafka', () => this.consumerLag(lag));
    };
  }

  private gauge(name: string, help: string, labelNames: string[] = []): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /**
   * Reads the control plane's state into the gauges, then renders them. Read first, not in each
   * gauge's collect: prom-client renders gauges concurrently, so one shared read would race them.
   */
  async render(): Promise<string> {
    const started = process.hrtime.bigint();
    await this.read();
    this.duration.set(Number(process.hrtime.bigint() - started) / 1e9);
    return this.registry.metrics();
  }

  private async source(up: Gauge, source: string, read: () => Promise<void>): Promise<boolean> {
    try {
      await read();
      up.set({ source }, 1);
      return true;
    } catch (e) {
      this.logger.warn(`operator metrics: ${source} unavailable (${(e as Error).message})`);
      up.set({ source }, 0);
      return false;
    }
  }

  private async queueDepths(gauge: Gauge): Promise<void> {
    const pools = await this.prisma.computePool.findMany({ select: { id: true } });
    for (const { id } of pools) {
      const name = poolQueueName(id);
      let queue = this.queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection: this.redis.client });
        this.queues.set(name, queue);
      }
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) gauge.set({ queue: name, state }, counts[state] ?? 0);
    }
  }

  private async consumerLag(gauge: Gauge): Promise<void> {
    const admin = await this.kafka.get();
    const groupId = this.config.scheduler.eventsConsumerGroup;
    for (const topic of [STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC]) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
      let behind = 0;
      for (const p of ends) {
        const done = at.get(p.partition) ?? -1;
        // A group that never committed on a partition is behind by what the partition holds.
        behind += Math.max(0, Number(p.high) - (done < 0 ? Number(p.low) : done));
      }
      gauge.set({ topic }, behind);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
    await this.kafka.close();
  }
}
