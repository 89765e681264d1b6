import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import {
  decideScaling,
  DEFAULT_AUTOPILOT_SETTINGS,
  sqlKind,
  type AutopilotSample,
  type AutopilotSettings,
  type ScalingDecision,
} from '#domain';
import { HOLDING_CFU } from '../admission/pool-admission.service';

interface Running {
  uid: string;
  name: string;
  computePoolId: string;
  statement: string;
  cfu: number;
  targetCfu: number | null;
  scalingState: string;
  scalingDecidedAt: Date | null;
}

/**
 * Autopilot's control loop (leader only, in the scheduler pass): for each running statement of
 * the region, reads its recent metric samples, decides its CFUs (libs/domain decideScaling) and
 * records the decision on the statement: `target_cfu`, which its watching engine worker carries
 * out (apps/worker JobRescaler), and `scaling_state`/`scaling_updated_at`, which the API reports.
 * A scale-up reserves its CFUs at once (admission counts the larger of held and target CFUs);
 * a scale-down frees them once the engine reports the statement running at its new size.
 */
@Injectable()
export class AutopilotPass {
  private readonly logger = new Logger(AutopilotPass.name);
  private lastRun = 0;
  private readonly settings: AutopilotSettings;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {
    const a = config.autopilot;
    this.settings = {
      ...DEFAULT_AUTOPILOT_SETTINGS,
      windowMs: a.windowMs,
      cooldownMs: a.cooldownMs,
      lagRecords: a.lagRecords,
      drainSeconds: a.drainSeconds,
    };
  }

  async maybeRun(now = new Date()): Promise<void> {
    if (!this.config.autopilot.enabled || now.getTime() - this.lastRun < this.config.autopilot.intervalMs) return;
    this.lastRun = now.getTime();
    await this.run(now);
  }

  async run(now = new Date()): Promise<void> {
    const running = (
      await this.prisma.statement.findMany({
        where: { flinkRegion: this.config.engine.flinkRegion, phase: 'RUNNING', stopped: false, dispatched: true },
        select: {
          uid: true,
          name: true,
          computePoolId: true,
          statement: true,
          cfu: true,
          targetCfu: true,
          scalingState: true,
          scalingDecidedAt: true,
        },
        orderBy: [{ cfu: 'asc' }, { seq: 'asc' }],
      })
    ).filter((s) => s.cfu > 0 && sqlKind(s.statement) !== 'SELECT'); // foreground queries keep 1 CFU
    if (running.length === 0) return;
    const poolIds = [...new Set(running.map((s) => s.computePoolId))];
    const pools = new Map(
      (
        await this.prisma.computePool.findMany({ where: { id: { in: poolIds } }, select: { id: true, maxCfu: true } })
      ).map((p) => [p.id, p.maxCfu]),
    );
    const held = new Map(
      (
        await this.prisma.$queryRaw<{ pool: string; held: number; holders: number }[]>`
          SELECT compute_pool_id AS pool, SUM(GREATEST(cfu, COALESCE(target_cfu, 0)))::int AS held,
            COUNT(*)::int AS holders
          FROM statements
          WHERE compute_pool_id = ANY(${poolIds}::text[]) AND dispatched
            AND phase::text = ANY(${HOLDING_CFU as string[]}::text[])
          GROUP BY compute_pool_id`
      ).map((r) => [r.pool, r]),
    );
    const waiting = new Map(
      (
        await this.prisma.statement.groupBy({
          by: ['computePoolId'],
          where: { computePoolId: { in: poolIds }, phase: 'PENDING', stopped: false, dispatched: false },
          _count: { _all: true },
        })
      ).map((g) => [g.computePoolId, g._count._all]),
    );
    const samples = await this.samplesOf(
      running.map((s) => s.uid),
      new Date(now.getTime() - this.settings.windowMs),
    );
    const free = new Map(poolIds.map((id) => [id, (pools.get(id) ?? 0) - (held.get(id)?.held ?? 0)]));
    for (const s of running) {
      if (s.targetCfu !== null) {
        if (s.targetCfu === s.cfu) await this.settled(s, now);
        continue; // a rescale is under way
      }
      const series = samples.get(s.uid) ?? [];
      const partitions = series.reduce<number | null>((p, x) => x.sourcePartitions ?? p, null);
      const decision = decideScaling(
        series,
        s.cfu,
        {
          poolFreeCfu: free.get(s.computePoolId) ?? 0,
          poolMaxCfu: pools.get(s.computePoolId) ?? s.cfu,
          runningStatements: held.get(s.computePoolId)?.holders ?? 1,
          waitingStatements: waiting.get(s.computePoolId) ?? 0,
          sourcePartitions: partitions,
          maxStatementCfu: this.config.autopilot.maxStatementCfu,
        },
        { lastDecisionAt: s.scalingDecidedAt?.getTime() ?? null },
        now.getTime(),
        this.settings,
      );
      if (await this.record(s, decision, now)) {
        // A scale-up reserves its CFUs now; a scale-down frees them once done.
        const grown = Math.max(0, decision.targetCfu - s.cfu);
        free.set(s.computePoolId, (free.get(s.computePoolId) ?? 0) - grown);
      }
    }
  }

  /** The engine runs the statement at its target: the rescale is done. */
  private async settled(s: Running, now: Date): Promise<void> {
    await this.prisma.statement.updateMany({
      where: { uid: s.uid, phase: 'RUNNING', targetCfu: s.targetCfu, cfu: s.targetCfu! },
      data: { targetCfu: null, scalingState: 'OK', scalingUpdatedAt: now },
    });
    this.logger.log(`${s.name} (${s.uid}) runs at ${s.cfu} CFU`);
  }

  /** Records a decision; true when it asks for a rescale and was recorded. */
  private async record(s: Running, d: ScalingDecision, now: Date): Promise<boolean> {
    if (d.targetCfu !== s.cfu) {
      const { count } = await this.prisma.statement.updateMany({
        where: { uid: s.uid, phase: 'RUNNING', stopped: false, cfu: s.cfu, targetCfu: null },
        data: { targetCfu: d.targetCfu, scalingState: d.state, scalingUpdatedAt: now, scalingDecidedAt: now },
      });
      if (count === 1) this.logger.log(`${s.name} (${s.uid}): ${d.reason}`);
      return count === 1;
    }
    if (d.state !== s.scalingState) {
      await this.prisma.statement.updateMany({
        where: { uid: s.uid, phase: 'RUNNING', targetCfu: null },
        data: { scalingState: d.state, scalingUpdatedAt: now },
      });
    }
    return false;
  }

  private async samplesOf(
    uids: string[],
    since: Date,
  ): Promise<Map<string, (AutopilotSample & { sourcePartitions: number | null })[]>> {
    const rows = await this.prisma.statementMetricSample.findMany({
      where: { statementUid: { in: uids }, at: { gte: since } },
      orderBy: { at: 'asc' },
      select: {
        statementUid: true,
        at: true,
        pendingRecords: true,
        recordsIn: true,
        recordsOut: true,
        busyRatio: true,
        backPressuredRatio: true,
        currentCfu: true,
        sourcePartitions: true,
      },
    });
    const out = new Map<string, (AutopilotSample & { sourcePartitions: number | null })[]>();
    for (const r of rows) {
      const list = out.get(r.statementUid) ?? [];
      list.push({
        at: r.at.getTime(),
        pendingRecords: Number(r.pendingRecords),
        recordsIn: Number(r.recordsIn),
        recordsOut: Number(r.recordsOut),
        busyRatio: r.busyRatio,
        backPressuredRatio: r.backPressuredRatio,
        cfu: r.currentCfu,
        sourcePartitions: r.sourcePartitions,
      });
      out.set(r.statementUid, list);
    }
    return out;
  }
}
