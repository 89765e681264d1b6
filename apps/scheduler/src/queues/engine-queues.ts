import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { engineJobId, poolQueueName, queueConnection, type EngineJob } from '#contracts';

/** A job as the scheduler decides it; the queue stamps the version it writes. */
export type EngineJobBody = Omit<EngineJob, 'version'>;

/** The scheduler's side of the per-pool command queues. */
@Injectable()
export class EngineQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  /** Idempotent: the job id is deterministic, so a replayed command is the same job. */
  async enqueue(computePoolId: string, body: EngineJobBody): Promise<void> {
    const job: EngineJob = { version: 1, ...body };
    await this.queue(computePoolId).add(job.command, job, {
      jobId: engineJobId(job),
      attempts: 1,
      // Kept for an hour so a replay within it stays one job; resumes carry a new resource version.
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
  }

  private queue(computePoolId: string): Queue {
    let queue = this.queues.get(computePoolId);
    if (!queue) {
      queue = new Queue(poolQueueName(computePoolId), { connection: queueConnection(this.config.redisUrl) });
      this.queues.set(computePoolId, queue);
    }
    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
