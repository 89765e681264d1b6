import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { poolQueueName, queueConnection } from '#contracts';
import { PrismaService } from '#db';
import { redactKafkaSecrets } from '#domain';
import { CommandHandler } from '../commands/command-handler';
import { readJob } from './read-job';

/** One BullMQ worker per compute pool queue of this data plane's region; pools are discovered from PostgreSQL. */
@Injectable()
export class PoolWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PoolWorkers.name);
  private readonly workers = new Map<string, Worker>();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private closed = false;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly handler: CommandHandler,
  ) {}

  onApplicationBootstrap(): void {
    const loop = () => {
      if (this.closed) return;
      this.refreshing = this.refresh()
        .catch((e: Error) => this.logger.error(`pool discovery failed: ${e.message}`))
        .finally(() => {
          this.refreshing = null;
          if (!this.closed) this.timer = setTimeout(loop, this.config.worker.poolRefreshMs);
        });
    };
    loop();
  }

  /** The compute pools whose queues this worker serves. */
  poolIds(): string[] {
    return [...this.workers.keys()];
  }

  async refresh(): Promise<void> {
    // Deleted pools keep their queue served briefly: stops they caused are already relayed.
    const { cloud, region } = this.config.engine;
    const pools = await this.prisma.computePool.findMany({ where: { cloud, region }, select: { id: true } });
    const ids = new Set(pools.map((p) => p.id));
    for (const id of ids) {
      if (this.workers.has(id)) continue;
      const worker = new Worker(poolQueueName(id), (job) => this.handler.handle(readJob(job), id), {
        connection: queueConnection(this.config.redisUrl),
        concurrency: this.config.worker.concurrency,
      });
      worker.on('failed', (job, e) =>
        this.logger.error(`job ${job?.id?.slice(0, 120)} on pool ${id} failed: ${redactKafkaSecrets(e.message)}`),
      );
      worker.on('error', (e) => this.logger.error(`queue of pool ${id}: ${e.message}`));
      this.workers.set(id, worker);
    }
    for (const [id, worker] of this.workers) {
      if (ids.has(id)) continue;
      this.workers.delete(id);
      await worker.close();
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /**
   * Takes no more commands and waits for the ones in flight to finish (BullMQ's graceful close),
   * so a start is never cut off between submitting its job and reporting it.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.refreshing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
  }
}
