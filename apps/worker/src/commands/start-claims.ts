import { Injectable } from '@nestjs/common';
import { PrismaService } from '#db';
import { StatementLeases } from '../watch/statement-leases';

/** How long a stop or delete waits for a live start to finish submitting its job. */
const LIVE_START_WAIT_MS = 120_000;
/** How long a claimed start whose worker holds no lease any more is given to record its job. */
const ORPHANED_START_GRACE_MS = 2_000;
const POLL_MS = 250;

/**
 * Starts claimed in PostgreSQL, fenced by a token per statement. A worker claims a start only
 * while the statement is still PENDING and not stopped, in the same row the API marks when a
 * stop or delete arrives, so either the claim comes first (and the stop waits for this start,
 * and only for it) or no start will ever run (and the stop acts at once). A start records its
 * job only while its token is the latest: a worker that lost its lease and was overtaken by
 * another cannot record its job, and cancels it.
 */
@Injectable()
export class StartClaims {
  constructor(
    private readonly prisma: PrismaService,
    private readonly leases: StatementLeases,
  ) {}

  /** The start's token, or null when the statement was stopped, deleted, moved or admitted again since. */
  async claim(uid: string, poolId: string, resourceVersion: number): Promise<bigint | null> {
    const rows = await this.prisma.$queryRaw<{ token: bigint }[]>`
      UPDATE statements
      SET start_token = start_token + 1, start_settled = false, start_job_id = NULL
      WHERE uid = ${uid}::uuid AND phase = 'PENDING' AND NOT stopped
        AND compute_pool_id = ${poolId} AND resource_version <= ${resourceVersion}
      RETURNING start_token AS token`;
    return rows[0]?.token ?? null;
  }

  /**
   * Claims the resubmission of a job Flink lost, fenced like a start: only while the statement
   * still names `lostJobId` and no resubmission has recorded a new job. A worker that lost its
   * lease mid-submission is overtaken here and cancels its job when it cannot record it.
   */
  async claimResubmission(uid: string, lostJobId: string): Promise<bigint | null> {
    const rows = await this.prisma.$queryRaw<{ token: bigint }[]>`
      UPDATE statements
      SET start_token = start_token + 1, start_settled = false, start_job_id = NULL
      WHERE uid = ${uid}::uuid AND phase IN ('RUNNING', 'DEGRADED') AND NOT stopped
        AND flink_job_id = ${lostJobId} AND (start_job_id IS NULL OR start_job_id = ${lostJobId})
      RETURNING start_token AS token`;
    return rows[0]?.token ?? null;
  }

  /**
   * A rescale of a running statement (Autopilot) is claimed like a start: a stop or delete that
   * arrives meanwhile waits until the rescaled job is recorded, then acts on it. Null when the
   * statement is no longer running or was stopped first.
   */
  async claimRescale(uid: string): Promise<bigint | null> {
    const rows = await this.prisma.$queryRaw<{ token: bigint }[]>`
      UPDATE statements
      SET start_token = start_token + 1, start_settled = false, start_job_id = NULL
      WHERE uid = ${uid}::uuid AND phase = 'RUNNING' AND NOT stopped AND start_settled
      RETURNING start_token AS token`;
    return rows[0]?.token ?? null;
  }

  /** Records a rescale's new job as the statement's job at once, so a waiting stop acts on it. */
  async recordRescaled(uid: string, token: bigint, jobId: string): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE statements SET start_job_id = ${jobId}, flink_job_id = ${jobId},
        checkpoint_path = CASE WHEN flink_job_id = ${jobId} THEN checkpoint_path END
      WHERE uid = ${uid}::uuid AND start_token = ${token}`;
    return n === 1;
  }

  /** Whether the statement still runs and no stop or delete arrived. */
  async stillRunning(uid: string): Promise<boolean> {
    const row = await this.prisma.statement.findUnique({ where: { uid }, select: { phase: true, stopped: true } });
    return row?.phase === 'RUNNING' && !row.stopped;
  }

  /** Records the start's job; false when a later start overtook this one (its job must go). */
  async record(uid: string, token: bigint, jobId: string): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE statements SET start_job_id = ${jobId}
      WHERE uid = ${uid}::uuid AND start_token = ${token}`;
    return n === 1;
  }

  /** Ends the claim once the start's outcome is published: a waiting stop may act now. */
  async settle(uid: string, token: bigint): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE statements SET start_settled = true WHERE uid = ${uid}::uuid AND start_token = ${token}`;
  }

  /**
   * The job of the statement's current run, for a stop or delete: at once when no start is
   * submitting, else when that start has published its outcome. A claimed start whose worker
   * holds no lease any more (it died) is given a moment, then the job it recorded, if any, is used.
   */
  async jobOf(uid: string): Promise<string | undefined> {
    const deadline = Date.now() + LIVE_START_WAIT_MS;
    let orphanedSince: number | null = null;
    for (;;) {
      const row = await this.prisma.statement.findUnique({
        where: { uid },
        select: { flinkJobId: true, startJobId: true, startSettled: true },
      });
      if (!row) return undefined;
      const job = row.flinkJobId ?? row.startJobId ?? undefined;
      if (row.startSettled || Date.now() > deadline) return job;
      if ((await this.leases.holder(uid)) === null) {
        orphanedSince ??= Date.now();
        if (Date.now() - orphanedSince > ORPHANED_START_GRACE_MS) return job;
      } else {
        orphanedSince = null;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
