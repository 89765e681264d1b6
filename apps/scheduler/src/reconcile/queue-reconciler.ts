import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import { EngineQueues, type EngineJobBody } from '../queues/engine-queues';

/**
 * PostgreSQL holds the desired state; Redis only carries commands. A statement that has waited
 * longer than the settle time for a command's effect (admitted but not started, stopping,
 * deleting) gets its command enqueued again under the same deterministic job id: a no-op while
 * the job is still in its queue, the lost command again after Redis lost it. Workers handle a
 * repeated command idempotently (leases, stale resource_version checks).
 */
@Injectable()
export class QueueReconciler {
  private readonly logger = new Logger(QueueReconciler.name);
  private lastRun = 0;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly queues: EngineQueues,
  ) {}

  /** Runs at most once per reconcile interval; returns the number of commands enqueued again. */
  async reconcile(now = Date.now()): Promise<number> {
    const { reconcileIntervalMs, reconcileSettleMs } = this.config.scheduler;
    if (now - this.lastRun < reconcileIntervalMs) return 0;
    this.lastRun = now;
    const settled = new Date(now - reconcileSettleMs);
    const rows = await this.prisma.statement.findMany({
      where: {
        flinkRegion: this.config.engine.flinkRegion,
        updatedAt: { lt: settled },
        OR: [
          { phase: 'PENDING', dispatched: true, stopped: false, flinkJobId: null },
          { phase: { in: ['STOPPING', 'DELETING'] } },
        ],
      },
      select: {
        uid: true,
        name: true,
        phase: true,
        computePoolId: true,
        resourceVersion: true,
        cfu: true,
        savepointPath: true,
      },
      take: 500,
    });
    for (const row of rows) {
      const job: EngineJobBody =
        row.phase === 'PENDING'
          ? {
              command: 'StartStatement',
              statementUid: row.uid,
              resourceVersion: row.resourceVersion,
              cfu: Math.max(1, row.cfu),
              resume: row.savepointPath !== null,
            }
          : {
              command: row.phase === 'STOPPING' ? 'StopStatement' : 'DeleteStatement',
              statementUid: row.uid,
              resourceVersion: row.resourceVersion,
            };
      await this.queues.enqueue(row.computePoolId, job);
    }
    if (rows.length > 0) this.logger.debug(`re-enqueued the commands of ${rows.length} waiting statement(s)`);
    return rows.length;
  }
}
