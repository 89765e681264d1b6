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
import { StartClaims } from '../commands/start-claims';
import { EventPublisher } from '../events/event-publisher';
import { PoolWorkers } from '../pools/pool-workers';
import { ResultCollector } from '../results/result-collector';
import { StatementRunner } from '../runner/statement-runner';
import { JobMetrics } from './job-metrics';
import { JobRescaler } from './job-rescaler';
import { latestRetainedCheckpoint } from './retained-checkpoint';
import { StatementLeases } from './statement-leases';

const DETAIL_LIMIT = 2000;
/** How long a job whose rights were revoked is given to take a savepoint before it is cancelled. */
const REVOKED_SAVEPOINT_MS = 15_000;
/** Flink refuses a savepoint while the job's tasks are (re)deploying. */
const SAVEPOINT_NOT_YET = /not being executed at the moment|Not all required tasks are currently running/;

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
  /** Statement uid → the lost job this worker resubmitted, until the statement names the new job. */
  private readonly resubmitted = new Map<string, string>();
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
    private readonly claims: StartClaims,
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
      this.resubmitted.delete(uid);
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
    const foreground = sqlKind(row.statement) === 'SELECT';
    if (!(await this.leases.claim(row.uid))) {
      this.held.delete(row.uid);
      if (foreground) {
        // Another worker holds the query now: it continues the results from the stored cursor.
        await this.results.handOver(row.uid);
        this.results.keepAlive(row);
      }
      return;
    }
    if (!this.held.has(row.uid)) {
      this.held.add(row.uid);
      this.logger.log(`watching ${row.name} (${row.uid}), Flink job ${row.flinkJobId}`);
    }
    const jobId = row.flinkJobId!;
    // The new job's id reaches the row through the scheduler; until then the lost one is not lost again.
    if (this.resubmitted.get(row.uid) === jobId) return;
    this.resubmitted.delete(row.uid);
    // A foreground query whose worker stopped is continued here from its stored result cursor.
    // (A collector that just ended has published the query's end, which may not be applied yet.)
    if (foreground && !this.results.served(row.uid) && !(await this.results.adopt(row))) {
      // Its worker stopped before storing a cursor: nobody can read its results.
      await this.flink.cancel(jobId).catch(() => undefined);
      await this.events.publish(row.uid, {
        phase: 'FAILED',
        detail:
          'The engine worker serving this query stopped before its results could be handed over; submit the query again.',
        cfu: 0,
      });
      return;
    }
    if (await this.accessRevoked(row, jobId)) return;
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
   * tables, the job is stopped and the statement FAILED, naming the role and table. After the
   * right is granted again a resume continues from where the job stopped.
   */
  private async accessRevoked(row: Statement, jobId: string): Promise<boolean> {
    const uses = (row.tableUses ?? []) as unknown as TableUse[];
    if (uses.length === 0) return false;
    const decision = await this.access.check(row.organizationId, row.principal, uses);
    if (decision.allowed) return false;
    this.logger.warn(`${row.name} (${row.uid}): ${decision.detail}`);
    const end = await this.endRevokedJob(jobId, row.checkpointPath);
    await this.events.publish(row.uid, {
      phase: 'FAILED',
      detail: `${decision.detail} ${end.detail}`,
      cfu: 0,
      ...(end.resumeFrom ? { savepointPath: end.resumeFrom } : {}),
      exception: { name: ACCESS_DENIED_EXCEPTION, message: decision.detail },
    });
    return true;
  }

  /**
   * The broker drops a revoked right's ACLs on its own, often before this pass sees the change:
   * the job then fails on the topic and restarts, and no savepoint can complete. So a savepoint
   * is tried only while the job runs without restarting, for a bounded time; otherwise the job
   * is cancelled and its latest retained checkpoint becomes the point a resume starts from.
   */
  private async endRevokedJob(
    jobId: string,
    knownCheckpoint: string | null,
  ): Promise<{ detail: string; resumeFrom?: string }> {
    const deadline = Date.now() + REVOKED_SAVEPOINT_MS;
    const restarts = () =>
      this.flink
        .jobMetrics(jobId, ['numRestarts'])
        .then((m) => Number(m.numRestarts))
        .catch(() => NaN);
    const restartsBefore = await restarts();
    let reason = 'the job was not running';
    while (Date.now() < deadline) {
      const state = await this.flink.jobState(jobId).catch(() => 'MISSING');
      if (state !== 'RUNNING') {
        reason = `the job was ${state.toLowerCase()}`;
        break;
      }
      try {
        const savepoint = await this.flink.stopWithSavepoint(jobId, Math.max(1000, deadline - Date.now()));
        return { detail: 'The job was stopped with a savepoint.', resumeFrom: savepoint };
      } catch (e) {
        reason = 'its savepoint failed';
        if (!SAVEPOINT_NOT_YET.test((e as Error).message)) break;
        if ((await restarts()) > restartsBefore) {
          reason = 'the job was restarting';
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const checkpoint =
      (await this.flink.latestCheckpoint(jobId).catch(() => undefined)) ?? knownCheckpoint ?? undefined;
    await this.flink.cancel(jobId).catch(() => undefined);
    return checkpoint
      ? {
          detail: `The job was cancelled (no savepoint: ${reason}); a resume continues from its last checkpoint.`,
          resumeFrom: checkpoint,
        }
      : { detail: `The job was cancelled (no savepoint: ${reason}, and no checkpoint completed).` };
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

  /**
   * The cluster no longer knows the job (its JobManager restarted without HA): run it again from
   * the newest checkpoint it retained, saying so in the detail and in an exception entry.
   */
  private async resubmit(row: Statement): Promise<void> {
    const lostJob = row.flinkJobId!;
    const token = await this.claims.claimResubmission(row.uid, lostJob);
    // Another worker's resubmission recorded its job first; the statement names it soon.
    if (token === null) return;
    try {
      const from = (await latestRetainedCheckpoint(row.checkpointPath, lostJob)) ?? row.savepointPath;
      this.logger.warn(`job ${lostJob} of ${row.name} is gone from Flink; resubmitting from ${from ?? 'scratch'}`);
      this.metrics.forget(lostJob);
      this.memory.delete(row.uid);
      const outcome = await this.runner.run(row, Math.max(1, row.cfu), from);
      if (outcome.kind !== 'job') return;
      if (!(await this.claims.record(row.uid, token, outcome.jobId))) {
        this.logger.warn(`${row.name}: another worker resubmitted it meanwhile; cancelling job ${outcome.jobId}`);
        await this.flink.cancel(outcome.jobId).catch(() => undefined);
        return;
      }
      this.resubmitted.set(row.uid, lostJob);
      const detail = from
        ? `The Flink job was lost and resubmitted from checkpoint ${from}.`
        : 'The Flink job was lost and resubmitted from the start (no checkpoint was retained).';
      await this.events.publish(row.uid, {
        phase: 'RUNNING',
        detail,
        flinkJobId: outcome.jobId,
        cfu: Math.max(1, row.cfu),
        exception: {
          name: 'JobLost',
          message: `Flink no longer knew job ${lostJob} (a JobManager restart without high availability). ${detail}`,
        },
      });
    } finally {
      await this.claims.settle(row.uid, token);
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Watches no more: the pass in progress finishes, queries and leases are handed over. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
    // Hand the statements over at once instead of after the lease lapses; queries' results
    // stop being fetched here first.
    await this.results.handOverAll();
    for (const uid of this.held) await this.leases.release(uid);
  }
}
