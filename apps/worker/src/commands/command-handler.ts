import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, hop, type CflinkConfig } from '#config';
import type { EngineJob } from '#contracts';
import { PrismaService } from '#db';
import { actionableEngineDetail, redactKafkaSecrets, sqlKind } from '#domain';
import { EngineError, FlinkRestClient, STATEMENT_JOB_TAG, type JobState } from '#engine';
import { EventPublisher } from '../events/event-publisher';
import { ResultCollector } from '../results/result-collector';
import { ResultWriter, schemaTraits, withoutClientProperties } from '../results/result-writer';
import { DataAccessDenied, StatementRunner } from '../runner/statement-runner';
import { JobMetrics } from '../watch/job-metrics';
import { StatementLeases } from '../watch/statement-leases';
import { StartClaims } from './start-claims';

const DETAIL_LIMIT = 2000;
/** How long a stop keeps retrying a savepoint while the job's tasks are still starting. */
const STOP_RETRY_MS = 120_000;
const ENDED_JOB_STATES = ['FINISHED', 'CANCELED', 'FAILED'];

function detailOf(e: unknown): string {
  const message = redactKafkaSecrets(e instanceof Error ? e.message : String(e));
  return message.length > DETAIL_LIMIT ? `${message.slice(0, DETAIL_LIMIT - 1)}…` : message;
}

/** The exception a failed start reports: the Java class of Flink's root cause where there is one. */
function exceptionOf(e: unknown): { name: string; message: string } {
  const message = detailOf(e);
  if (e instanceof DataAccessDenied) return { name: e.exceptionName, message };
  const java = /^((?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::\s*)?/.exec(message);
  if (java) return { name: java[1], message: message.slice(java[0].length) || message };
  return {
    name: e instanceof EngineError ? 'org.apache.flink.table.api.TableException' : 'java.lang.RuntimeException',
    message,
  };
}

/** Carries out one engine command on Flink and reports the outcome as a statement event. */
@Injectable()
export class CommandHandler {
  private readonly logger = new Logger(CommandHandler.name);
  private readonly flink: FlinkRestClient;
  private readonly metrics: JobMetrics;
  /** Job ids this worker started, for a stop that arrives before the RUNNING event is applied. */
  private readonly jobs = new Map<string, string>();

  constructor(
    @Inject(CFLINK_CONFIG) config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly runner: StatementRunner,
    private readonly events: EventPublisher,
    private readonly results: ResultCollector,
    private readonly writer: ResultWriter,
    private readonly leases: StatementLeases,
    private readonly claims: StartClaims,
  ) {
    this.flink = new FlinkRestClient(config.engine.flinkRestUrl);
    this.metrics = new JobMetrics(this.flink);
  }

  /** `poolId`: the pool whose queue the job came from; a start runs only that pool's statements. */
  async handle(job: EngineJob, poolId: string): Promise<void> {
    hop(job.statementUid, 'picked');
    switch (job.command) {
      case 'StartStatement':
        return this.start(job, poolId);
      case 'StopStatement':
        return this.stop(job.statementUid);
      case 'DeleteStatement':
        return this.delete(job.statementUid);
    }
  }

  /**
   * The statement's lease (one worker starts a statement: a start retried, or re-enqueued by
   * reconciliation, while another worker holds the lease is that worker's to finish), then its
   * start claim; null when either is taken.
   */
  private async claim(uid: string, poolId: string, resourceVersion: number): Promise<bigint | null> {
    if (!(await this.leases.claim(uid))) return null;
    const token = await this.claims.claim(uid, poolId, resourceVersion);
    // Stopped or deleted since the start read the row: that command acts alone, no start will run.
    if (token === null) await this.leases.release(uid);
    return token;
  }

  private async start(job: EngineJob, poolId: string): Promise<void> {
    const row = await this.prisma.statement.findUnique({ where: { uid: job.statementUid } });
    // Stale: stopped, deleted or resumed again (possibly on another pool) since admission.
    if (!row || row.stopped || row.phase !== 'PENDING' || row.resourceVersion > job.resourceVersion) return;
    if (row.computePoolId !== poolId) return;
    const kind = sqlKind(row.statement);
    const cfu = job.cfu ?? row.cfu ?? 1;
    // Read while the lease and claim are taken: a start's first gateway call waits for it.
    const catalog = this.runner.loadCatalog(row);
    // So is its session opened and its catalog replayed: only a claimed start runs a statement in
    // it, others close it.
    const savepointPath = job.resume ? row.savepointPath : null;
    const session = this.runner.openAhead(row, catalog, savepointPath);
    const token = await this.claim(row.uid, poolId, job.resourceVersion).catch((e: Error) => {
      this.runner.discard(session);
      throw e;
    });
    if (token === null) return this.runner.discard(session);
    try {
      hop(row.uid, 'claimed');
      // A start whose worker died after Flink accepted its job but before recording it left that
      // job running: this start, holding the statement's claim now, ends it before submitting
      // (looked for while the session is prepared; the runner waits for it before it submits).
      const orphansEnded = this.endUnrecordedJobs(row.uid, row.name);
      const outcome = await this.runner.run(row, cfu, savepointPath, {
        catalog,
        ...(session ? { session } : {}),
        beforeSubmit: orphansEnded,
      });
      if (outcome.kind !== 'done' && !(await this.claims.record(row.uid, token, outcome.jobId))) {
        return await this.overtaken(row.uid, outcome.jobId);
      }
      if (outcome.kind === 'query') {
        this.jobs.set(row.uid, outcome.jobId);
        // The result cursor is stored and collecting starts before RUNNING is published: the job
        // watcher continues a RUNNING query no collector serves from its cursor, and it may look
        // while the event is on its way. The collector's own events (a quick query's COMPLETED)
        // wait for this one.
        let announce!: () => void;
        await this.results.start(outcome.query, kind, new Promise<void>((resolve) => (announce = resolve)));
        const running = this.events.publish(row.uid, {
          phase: 'RUNNING',
          detail: '',
          flinkJobId: outcome.jobId,
          cfu,
          sqlKind: kind,
          traits: schemaTraits(outcome.query.columns),
          ...(outcome.deadLetterTables ? { deadLetterTables: outcome.deadLetterTables } : {}),
        });
        // Released whether or not it went out: a failed publish stops the collector below.
        await running.finally(() => announce());
        hop(row.uid, 'published');
      } else if (outcome.kind === 'job') {
        this.jobs.set(row.uid, outcome.jobId);
        await this.events.publish(row.uid, {
          phase: 'RUNNING',
          detail: '',
          flinkJobId: outcome.jobId,
          cfu,
          sqlKind: kind,
          tableUses: outcome.uses,
          ...(outcome.catalog ? { catalog: outcome.catalog } : {}),
          ...(outcome.deadLetterTables ? { deadLetterTables: outcome.deadLetterTables } : {}),
        });
        hop(row.uid, 'published');
      } else {
        await this.writer.append(row.uid, 0n, outcome.columns ?? [], withoutClientProperties(outcome.rows ?? []));
        await this.events.publish(row.uid, {
          traits: { is_bounded: true, ...schemaTraits(outcome.columns) },
          phase: 'COMPLETED',
          detail: outcome.detail ?? '',
          cfu: 0,
          sqlKind: kind,
          ...(outcome.catalog ? { catalog: outcome.catalog } : {}),
        });
        await this.leases.release(row.uid);
      }
    } catch (e) {
      this.logger.warn(`statement ${row.name} (${row.uid}) failed: ${detailOf(e)}`);
      await this.results.stop(row.uid).catch(() => undefined); // a query whose RUNNING could not be published
      await this.events.publish(row.uid, {
        phase: 'FAILED',
        detail: actionableEngineDetail(detailOf(e)),
        cfu: 0,
        sqlKind: kind,
        exception: exceptionOf(e),
      });
      await this.leases.release(row.uid);
    } finally {
      // After the outcome is published, so a stop that waited for it is ordered after it.
      await this.claims.settle(row.uid, token);
    }
  }

  /** A later start of the statement claimed it while this one was submitting: that start's job is the one. */
  private async overtaken(uid: string, jobId: string): Promise<void> {
    this.logger.warn(`statement ${uid}: a later start overtook this one; cancelling its job ${jobId}`);
    await this.flink.cancel(jobId).catch((e) => this.logger.warn(`cancelling job ${jobId}: ${detailOf(e)}`));
  }

  private async stop(uid: string): Promise<void> {
    if (this.results.has(uid)) {
      // A foreground query keeps no state worth a savepoint: cancelling it ends its job.
      await this.results.stop(uid);
      this.jobs.delete(uid);
      await this.events.publish(uid, { phase: 'STOPPED', detail: 'Stopped.', cfu: 0 });
      return;
    }
    const { jobId, live } = await this.jobOf(uid);
    if (await this.isForeground(uid)) {
      // Served by another worker (or none): its collector sees the stop and steps aside.
      await this.results.closeStored(uid);
      if (jobId && live) await this.flink.cancel(jobId).catch(() => undefined);
      this.jobs.delete(uid);
      await this.events.publish(uid, { phase: 'STOPPED', detail: 'Stopped.', cfu: 0 });
      await this.leases.release(uid);
      return;
    }
    try {
      let savepointPath: string | undefined;
      let latestOffsets: Record<string, string> | undefined;
      if (jobId && live) {
        latestOffsets = await this.offsetsOf(uid, jobId).catch(() => undefined);
        hop(uid, 'offsets');
        savepointPath = await this.stopWithSavepoint(jobId);
      }
      hop(uid, 'savepoint');
      await this.events.publish(uid, {
        phase: 'STOPPED',
        detail: savepointPath ? 'Stopped with a savepoint; a resume continues from it.' : 'Stopped.',
        cfu: 0,
        savepointPath,
        ...(latestOffsets && Object.keys(latestOffsets).length ? { latestOffsets } : {}),
      });
      hop(uid, 'published');
      this.jobs.delete(uid);
      await this.leases.release(uid);
    } catch (e) {
      await this.events.publish(uid, { phase: 'FAILED', detail: `Stop failed: ${detailOf(e)}`, cfu: 0 });
    }
  }

  /**
   * A job whose tasks are still being deployed cannot take a savepoint yet: a stop right after
   * the start retries until they run (or the job ends), rather than failing the statement.
   */
  async stopWithSavepoint(jobId: string): Promise<string | undefined> {
    const deadline = Date.now() + STOP_RETRY_MS;
    for (;;) {
      try {
        return await this.flink.stopWithSavepoint(jobId);
      } catch (e) {
        const notRunning = /not being executed at the moment|Not all required tasks are currently running/.test(
          (e as Error).message,
        );
        if (!notRunning || Date.now() > deadline) throw e;
        if (ENDED_JOB_STATES.includes(await this.flink.jobState(jobId))) return undefined;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private async delete(uid: string): Promise<void> {
    await this.results.stop(uid);
    await this.results.closeStored(uid);
    const { jobId, live } = await this.jobOf(uid);
    if (jobId && live) {
      try {
        await this.flink.cancel(jobId);
      } catch (e) {
        // The job is gone already (e.g. the cluster restarted): nothing left to cancel.
        this.logger.warn(`cancelling job ${jobId} of statement ${uid}: ${detailOf(e)}`);
      }
    }
    this.jobs.delete(uid);
    await this.events.publish(uid, { phase: 'DELETED' });
  }

  private async isForeground(uid: string): Promise<boolean> {
    const row = await this.prisma.statement.findUnique({ where: { uid }, select: { statement: true } });
    return !!row && sqlKind(row.statement) === 'SELECT';
  }

  /** Offsets the job has read, keyed by table name (Flink's metrics spell `lkc-1.orders` as `lkc-1_orders`). */
  private async offsetsOf(uid: string, jobId: string): Promise<Record<string, string>> {
    const byMetricName = await this.metrics.offsets(jobId);
    const row = await this.prisma.statement.findUnique({ where: { uid }, select: { environmentId: true } });
    const tables = row
      ? await this.prisma.catalogTable.findMany({
          where: { environmentId: row.environmentId },
          select: { name: true, topic: true },
        })
      : [];
    const nameOf = new Map(tables.map((t) => [t.topic.replace(/\./g, '_'), t.name]));
    return Object.fromEntries(Object.entries(byMetricName).map(([topic, v]) => [nameOf.get(topic) ?? topic, v]));
  }

  /**
   * The statement's Flink job: from PostgreSQL once any start or rescale in flight has reported,
   * else this worker's memory; `live` if Flink has it in a state that has not ended (asked once).
   */
  private async jobOf(uid: string): Promise<{ jobId?: string; live: boolean }> {
    // PostgreSQL first: an Autopilot rescale replaces the job this worker remembers starting.
    const recorded = (await this.claims.jobOf(uid)) ?? this.jobs.get(uid);
    const state = recorded ? await this.flink.jobState(recorded).catch((): JobState => 'FAILED') : 'FAILED';
    if (recorded && !ENDED_JOB_STATES.includes(state)) return { jobId: recorded, live: true };
    // None runs as recorded: a start whose worker died before recording its job may have left one.
    const unrecorded = (await this.unrecordedJobs(uid))[0];
    return unrecorded ? { jobId: unrecorded, live: true } : { jobId: recorded, live: false };
  }

  /** Cancels the jobs an unrecorded start of the statement left; never rejects. */
  private async endUnrecordedJobs(uid: string, name: string): Promise<void> {
    for (const orphan of await this.unrecordedJobs(uid, name)) {
      this.logger.warn(`statement ${name} (${uid}): cancelling job ${orphan}, left by an unrecorded start`);
      await this.flink.cancel(orphan).catch((e) => this.logger.warn(`cancelling job ${orphan}: ${detailOf(e)}`));
    }
  }

  /** Live jobs of the statement whose ids never reached PostgreSQL (found by the uid they carry). */
  private async unrecordedJobs(uid: string, name?: string): Promise<string[]> {
    const statementName =
      name ?? (await this.prisma.statement.findUnique({ where: { uid }, select: { name: true } }))?.name;
    if (!statementName) return [];
    return this.flink.liveJobsTagged(statementName, STATEMENT_JOB_TAG, uid).catch((e) => {
      this.logger.warn(`looking for unrecorded jobs of statement ${uid}: ${detailOf(e)}`);
      return [];
    });
  }
}
