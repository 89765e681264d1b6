import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, hop, type CflinkConfig } from '#config';
import { Prisma, PrismaService, type Tx } from '#db';
import {
  admissionLatencyBucket,
  admit,
  initialOffsetAdmission,
  initialOffsetSource,
  waitingForOffsetsDetail,
  type StatementPhase,
} from '#domain';
import { EngineQueues } from '../queues/engine-queues';

/** What admission reads of a waiting statement. */
const WAITING_SELECT = {
  uid: true,
  computePoolId: true,
  principal: true,
  transactionalIdPrefix: true,
  organizationId: true,
  environmentId: true,
  properties: true,
  detail: true,
  baselineCfu: true,
  resourceVersion: true,
  savepointPath: true,
  scalingState: true,
  pendingSince: true,
} satisfies Prisma.StatementSelect;

/** A statement waiting for admission, as the scheduler reads it. */
export type Waiting = Prisma.StatementGetPayload<{ select: typeof WAITING_SELECT }>;

/**
 * Phases whose statements hold their pool's CFUs. Besides the phases that report compute,
 * an admitted PENDING statement has its CFUs reserved, and STOPPING/DELETING ones still run a
 * job until the engine reports them stopped or gone.
 */
export const HOLDING_CFU: StatementPhase[] = ['PENDING', 'RUNNING', 'DEGRADED', 'STOPPING', 'DELETING'];

export function exhaustedDetail(computePoolId: string, maxCfu: number): string {
  return `Compute pool ${computePoolId} is at its max_cfu (${maxCfu}); the statement waits until running statements free CFUs.`;
}

/** Admits each pool's waiting statements onto its CFU budget (libs/domain PoolAdmission), FIFO. */
@Injectable()
export class PoolAdmissionService {
  private readonly logger = new Logger(PoolAdmissionService.name);

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly queues: EngineQueues,
  ) {}

  /**
   * The region's waiting statements (PENDING, not stopped, undispatched), in submission order.
   * A pass reads them once, beside its outbox relay, for the broker-access sync (whose rights
   * they need) and for admission, which filters them by `covered` once that sync is done.
   */
  waiting(): Promise<Waiting[]> {
    return this.prisma.statement.findMany({
      where: { flinkRegion: this.config.engine.flinkRegion, phase: 'PENDING', stopped: false, dispatched: false },
      orderBy: { seq: 'asc' },
      select: WAITING_SELECT,
    });
  }

  /** `covered`: whether the broker holds the rights of the statement's principal yet (KafkaAccessReconciler). */
  async admitAll(
    covered: (uid: string, principal: string) => boolean,
    woken = Date.now(),
    waiting: Promise<Waiting[]> = this.waiting(),
  ): Promise<void> {
    const byPool = new Map<string, Waiting[]>();
    for (const s of await waiting)
      (byPool.get(s.computePoolId) ?? byPool.set(s.computePoolId, []).get(s.computePoolId)!).push(s);
    for (const [computePoolId, queue] of byPool) await this.admitPool(computePoolId, queue, covered, woken);
  }

  private async admitPool(
    computePoolId: string,
    waiting: Waiting[],
    covered: (uid: string, principal: string) => boolean,
    woken: number,
  ): Promise<void> {
    // Two independent reads, side by side (each is a round trip on a start's path).
    const [pool, [used]] = await Promise.all([
      this.prisma.computePool.findUnique({ where: { id: computePoolId } }),
      // A statement holds its CFUs, or the larger target an Autopilot scale-up reserved.
      this.prisma.$queryRaw<{ cfu: number | null }[]>`
        SELECT SUM(GREATEST(cfu, COALESCE(target_cfu, 0)))::int AS cfu FROM statements
        WHERE compute_pool_id = ${computePoolId} AND dispatched AND phase::text = ANY(${HOLDING_CFU as string[]}::text[])`,
    ]);
    // A deleted pool's statements were stopped with it; none can be waiting on it.
    if (!pool) return;
    let queue = waiting.filter((s) => covered(s.uid, s.principal));
    const held = await this.waitingForOffsetSources(queue);
    queue = queue.filter((s) => !held.has(s.uid));
    const decision = admit({ maxCfu: pool.maxCfu, usedCfu: used?.cfu ?? 0 }, queue);
    const byUid = new Map(queue.map((s) => [s.uid, s]));
    for (const { uid, cfu } of decision.admitted) {
      const s = byUid.get(uid)!;
      const enqueued = await this.prisma.$transaction(async (tx) => {
        // Guarded by the version read: a concurrent stop or delete by the API wins.
        const { count } = await tx.statement.updateMany({
          where: { uid, resourceVersion: s.resourceVersion, phase: 'PENDING', stopped: false, dispatched: false },
          data: {
            dispatched: true,
            cfu,
            // The new run's job replaces the last one's; stop and delete wait for it only once its start is claimed.
            flinkJobId: null,
            startJobId: null,
            scalingState: 'OK',
            scalingUpdatedAt: new Date(),
            // A new run starts at its admitted CFUs; Autopilot sizes it from its own metrics.
            targetCfu: null,
            scalingDecidedAt: null,
            detail: `Admitted onto compute pool ${computePoolId} with ${cfu} CFU; starting on Flink.`,
          },
        });
        if (count === 0) return false;
        // Enqueued inside the transaction: if Redis refuses, the statement stays undispatched.
        // The latency count (PostgreSQL) and the job (Redis) go side by side, both before the commit.
        await Promise.all([
          s.pendingSince ? this.observeLatency(tx, (Date.now() - s.pendingSince.getTime()) / 1000) : null,
          this.queues.enqueue(computePoolId, {
            command: 'StartStatement',
            statementUid: uid,
            resourceVersion: s.resourceVersion,
            cfu,
            resume: s.savepointPath !== null,
          }),
        ]);
        return true;
      });
      if (!enqueued) continue;
      hop(uid, 'woken', woken);
      hop(uid, 'admitted');
      this.logger.debug(`admitted ${uid} onto ${computePoolId} with ${cfu} CFU`);
    }
    const newlyWaiting = decision.waiting.filter((uid) => byUid.get(uid)!.scalingState !== 'POOL_EXHAUSTED');
    if (newlyWaiting.length > 0) {
      await this.prisma.statement.updateMany({
        where: { uid: { in: newlyWaiting }, phase: 'PENDING', dispatched: false },
        data: {
          scalingState: 'POOL_EXHAUSTED',
          scalingUpdatedAt: new Date(),
          detail: exhaustedDetail(computePoolId, pool.maxCfu),
        },
      });
    }
  }

  /**
   * Statements that start from another statement's offsets (`sql.tables.initial-offset-from`)
   * wait, outside the FIFO queue, while that statement may still read: its offsets are taken
   * once it has stopped. A resume from the statement's own savepoint does not wait.
   */
  private async waitingForOffsetSources(
    queue: { uid: string; environmentId: string; properties: unknown; detail: string; savepointPath: string | null }[],
  ): Promise<Set<string>> {
    const held = new Set<string>();
    for (const s of queue) {
      const source = initialOffsetSource(s.properties);
      if (source === undefined || s.savepointPath !== null) continue;
      const found = await this.prisma.statement.findUnique({
        where: { environmentId_name: { environmentId: s.environmentId, name: source } },
        select: { phase: true },
      });
      if (initialOffsetAdmission(found?.phase) === 'start') continue;
      held.add(s.uid);
      const detail = waitingForOffsetsDetail(source, found!.phase);
      if (s.detail !== detail) {
        await this.prisma.statement.updateMany({
          where: { uid: s.uid, phase: 'PENDING', dispatched: false },
          data: { detail },
        });
      }
    }
    return held;
  }

  /** Counts one admission into its latency bucket (operator metrics, cflink_admission_latency_seconds). */
  private async observeLatency(tx: Tx, seconds: number): Promise<void> {
    const observed = Math.max(0, seconds);
    // The bound as text: 'Infinity' is a float8 PostgreSQL reads, whatever a driver makes of the number.
    await tx.$executeRaw`
      INSERT INTO admission_latency_buckets (flink_region, le, count, sum_seconds)
      VALUES (${this.config.engine.flinkRegion}, ${String(admissionLatencyBucket(observed))}::float8, 1, ${observed})
      ON CONFLICT (flink_region, le) DO UPDATE SET count = admission_latency_buckets.count + 1,
        sum_seconds = admission_latency_buckets.sum_seconds + EXCLUDED.sum_seconds`;
  }
}
