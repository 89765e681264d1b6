import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService, type Statement } from '#db';
import {
  actionableEngineDetail,
  judgeJob,
  NEW_JOB_MEMORY,
  redactKafkaSecrets,
  sqlKind,
  type JobMemory,
  type ObservedJobState,
  type TableUse,
} from '#domain';
import { FlinkRestClient, rootCause } from '#engine';
import { ACCESS_DENIED_EXCEPTION, StatementAccess } from '../access/statement-access';
import { CommandHandler } from '../commands/command-handler';
import { EventPublisher } from '../events/event-publisher';
import { PoolWorkers } from '../pools/pool-workers';
import { ResultCollector } from '../results/result-collector';
import { StatementRunner } from '../runner/statement-runner';
import { JobMetrics } from './job-metrics';
import { JobRescaler } from './job-rescaler';
import { StatementLeases } from './statement-leases';

const DETAIL_LIMIT = 2000;

/**
 * Looks after the running statements of the pools this worker serves: holds a lease on each
 * (StatementLeases), so every running statement has exactly one watching worker, including
 * those whose worker died (adoption: the job keeps running in Flink, the new holder just
 * watches it). Each pass judges each job (libs/domain judgeJob): completion, failure with its
 * root cause, repeated restarts (DEGRADED) and jobs the cluster lost, which are resubmitted
 * from their last checkpoint; and publishes a metric sample per statement every metrics interval.
 */
@Injectable()
export class JobWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobWatcher.name);
  private readonly flink: FlinkRestClient;
  private readonly metrics: JobMetrics;
  private readonly memory = new Map<string, JobMemory>();
  private readonly sampledAt = new Map<string, number>();
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly pools: PoolWorkers,
    private readonly leases: StatementLeases,
    private readonly events: EventPublisher,
    private readonly runner: StatementRunner,
    private readonly results: ResultCollector,
    private readonly access: StatementAccess,
    private readonly commands: CommandHandler,
    private readonly rescaler: JobRescaler,
  ) {
    this.flink = new FlinkRestClient(config.engine.flinkRestUrl);
    this.metrics = new JobMetrics(this.flink);
  }

  onApplicationBootstrap(): void {
    const loop = () => {
      if (this.stopped) return;
      this.pass = this.watch()
        .catch((e: Error) => this.logger.warn(`watch pass failed: ${e.message}`))
        .finally(() => {
          this.pass = null;
          if (!this.stopped) this.timer = setTimeout(loop, this.config.worker.watchIntervalMs);
        });
    };
    this.timer = setTimeout(loop, this.config.worker.watchIntervalMs);
  }

  async watch(): Promise<void> {
    const pools = this.pools.poolIds();
    if (pools.length === 0) return;
    const rows = await this.prisma.statement.findMany({
      where: {
        computePoolId: { in: pools },
        flinkRegion: this.config.engine.flinkRegion,
        phase: { in: ['RUNNING', 'DEGRADED'] },
        stopped: false,
        flinkJobId: { not: null },
      },
    });
    const current = new Set(rows.map((r) => r.uid));
    for (const uid of this.held) {
      if (current.has(uid)) continue;
      this.held.delete(uid);
      this.memory.delete(uid);
      this.sampledAt.delete(uid);
      await this.leases.release(uid);
    }
    for (const row of rows) {
      if (this.stopped) return;
      try {
        await this.watchOne(row);
      } catch (e) {
        this.logger.warn(`watching ${row.name} (${row.uid}): ${redactKafkaSecrets((e as Error).message)}`);
      }
    }
  }

  private async watchOne(row: Statement): Promise<void> {
    if (!(await this.leases.claim(row.uid))) {
      this.held.delete(row.uid);
      return;
    }
    if (!this.held.has(row.uid)) {
      this.held.add(row.uid);
      this.logger.log(`watching ${row.name} (${row.uid}), Flink job ${row.flinkJobId}`);
    }
    const jobId = row.flinkJobId!;
    if (sqlKind(row.statement) === 'SELECT' && !this.results.served(row.uid)) {
      // A foreground query's results flow through the worker that started it; without it
      // nobody can read them, so the query ends rather than running unread. (A collector that
      // just ended has published the query's end, which may not be applied yet.)
      await this.flink.cancel(jobId).catch(() => undefined);
      await this.events.publish(row.uid, {
        phase: 'FAILED',
        detail: 'The engine worker serving this query stopped; submit the query again.',
        cfu: 0,
      });
      return;
    }
    if (await this.accessRevoked(row, jobId)) return;
    const foreground = sqlKind(row.statement) === 'SELECT';
    const job = await this.flink.job(jobId);
    const state: ObservedJobState = !job
      ? 'MISSING'
      : ((['RUNNING', 'RESTARTING', 'FINISHED', 'FAILED', 'CANCELED'] as const).find((s) => s === job.state) ??
        'OTHER');
    const numRestarts = job ? Number((await this.flink.jobMetrics(jobId, ['numRestarts'])).numRestarts) : null;
    const judged = judgeJob(row.phase as 'RUNNING' | 'DEGRADED', this.memory.get(row.uid) ?? NEW_JOB_MEMORY, {
      state,
      numRestarts: Number.isFinite(numRestarts) ? numRestarts : null,
      at: Date.now(),
    });
    this.memory.set(row.uid, judged.memory);
    // A foreground query's end is reported by its ResultCollector once every row is stored.
    const verdict = foreground ? { kind: 'none' as const } : judged.verdict;
    if (verdict.kind === 'report') {
      await this.events.publish(row.uid, {
        phase: verdict.phase,
        detail: verdict.detail,
        cfu: verdict.phase === 'DEGRADED' || verdict.phase === 'RUNNING' ? row.cfu : 0,
        ...(verdict.phase === 'DEGRADED' ? { exception: await this.latestException(jobId) } : {}),
      });
    } else if (verdict.kind === 'failed') {
      const exception = await this.latestException(jobId);
      await this.events.publish(row.uid, {
        phase: 'FAILING',
        detail: exception ? actionableEngineDetail(exception.message) : 'The job failed.',
        cfu: 0,
      });
      await this.events.publish(row.uid, {
        phase: 'FAILED',
        detail: exception ? actionableEngineDetail(exception.message) : 'The Flink job failed.',
        cfu: 0,
        ...(exception ? { exception } : {}),
      });
    } else if (verdict.kind === 'resubmit') {
      await this.resubmit(row);
      return;
    }
    // Autopilot decided other CFUs for the statement (apps/scheduler autopilot).
    if (state === 'RUNNING' && verdict.kind === 'none' && row.phase === 'RUNNING' && !foreground) {
      const target = row.targetCfu;
      if (target !== null && target > 0 && target !== row.cfu) {
        if (await this.rescaler.rescale(row, jobId, target)) {
          this.memory.delete(row.uid);
          this.sampledAt.delete(row.uid);
          this.metrics.forget(jobId);
        }
        return;
      }
    }
    if (
      state === 'RUNNING' &&
      Date.now() - (this.sampledAt.get(row.uid) ?? 0) >= this.config.worker.metricsIntervalMs
    ) {
      this.sampledAt.set(row.uid, Date.now());
      const sample = await this.metrics.sample(jobId);
      await this.events.publishMetrics({
        version: 1,
        statementUid: row.uid,
        computePoolId: row.computePoolId,
        at: new Date().toISOString(),
        currentCfu: row.cfu,
        ...sample,
      });
    }
  }

  /**
   * Rights are re-checked while a statement runs: once its principal lost a right on one of its
   * tables, the job is stopped with a savepoint and the statement FAILED, naming the role and
   * table. After the right is granted again a resume continues exactly where it stopped.
   */
  private async accessRevoked(row: Statement, jobId: string): Promise<boolean> {
    const uses = (row.tableUses ?? []) as unknown as TableUse[];
    if (uses.length === 0) return false;
    const decision = await this.access.check(row.organizationId, row.principal, uses);
    if (decision.allowed) return false;
    this.logger.warn(`${row.name} (${row.uid}): ${decision.detail}`);
    let savepointPath: string | undefined;
    try {
      savepointPath = await this.commands.stopWithSavepoint(jobId);
    } catch {
      await this.flink.cancel(jobId).catch(() => undefined);
    }
    await this.events.publish(row.uid, {
      phase: 'FAILED',
      detail: `${decision.detail} The job was stopped${savepointPath ? ' with a savepoint' : ''}.`,
      cfu: 0,
      ...(savepointPath ? { savepointPath } : {}),
      exception: { name: ACCESS_DENIED_EXCEPTION, message: decision.detail },
    });
    return true;
  }

  private async latestException(jobId: string): Promise<{ name: string; message: string } | undefined> {
    const [latest] = await this.flink.exceptions(jobId, 1).catch(() => []);
    if (!latest) return undefined;
    const message = rootCause(latest.stacktrace);
    return {
      name: latest.exceptionName,
      message: message.length > DETAIL_LIMIT ? `${message.slice(0, DETAIL_LIMIT - 1)}…` : message,
    };
  }

  /** The cluster no longer knows the job (e.g. its JobManager restarted without HA): run it again from its last checkpoint. */
  private async resubmit(row: Statement): Promise<void> {
    const from = row.checkpointPath ?? row.savepointPath;
    this.logger.warn(`job ${row.flinkJobId} of ${row.name} is gone from Flink; resubmitting from ${from ?? 'scratch'}`);
    this.metrics.forget(row.flinkJobId!);
    const outcome = await this.runner.run(row, Math.max(1, row.cfu), from);
    if (outcome.kind !== 'job') return;
    await this.events.publish(row.uid, {
      phase: 'RUNNING',
      detail: from
        ? `The Flink job was lost and resubmitted from checkpoint ${from}.`
        : 'The Flink job was lost and resubmitted from the start (no checkpoint was retained).',
      flinkJobId: outcome.jobId,
      cfu: Math.max(1, row.cfu),
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
    // Hand the statements over at once instead of after the lease lapses.
    for (const uid of this.held) await this.leases.release(uid);
  }
}
