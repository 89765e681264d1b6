import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import { DAY_MS, HOUR_MS, minimumChargeMinute, minutesToFill } from '#domain';
import { CfuLedger, type LedgerMinute } from './cfu-ledger';

/** Most minutes one pass fills per statement (a day); a longer outage is caught up over passes. */
const MAX_FILL_MINUTES = 1440;
/** Dirty statement-hours rolled up per transaction. */
const ROLLUP_BATCH = 5000;
/** Samples deleted per batch, and at most this many batches per pass (the rest next pass). */
const PRUNE_BATCH = 10_000;
const PRUNE_BATCHES = 20;

interface Candidate {
  uid: string;
  running: boolean;
  end_time: Date | null;
  through: Date | null;
  last_minute: Date | null;
  last_cfu: number | null;
  cfu: number;
}

/**
 * The scheduler's metering pass (its region's statements): fills the minutes of running
 * statements that sent no sample with their last known CFUs (a crashed worker does not make
 * usage free), charges the minimum CFU-minute to jobs that ran without leaving any, recomputes
 * the roll-ups of changed hours and prunes raw samples past their retention. Every step is
 * idempotent, so a restarted or replaced scheduler repeats it without double-counting.
 */
@Injectable()
export class MeteringPass {
  private readonly logger = new Logger(MeteringPass.name);
  private lastRun = 0;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly ledger: CfuLedger,
  ) {}

  /** Runs a pass when the configured interval has passed since the last one. */
  async maybeRun(now = new Date()): Promise<void> {
    if (now.getTime() - this.lastRun < this.config.metering.intervalMs) return;
    this.lastRun = now.getTime();
    await this.run(now);
  }

  async run(now = new Date()): Promise<void> {
    await this.fillGaps(now);
    await this.chargeMinimum(now);
    while ((await this.ledger.rollUp(ROLLUP_BATCH)) === ROLLUP_BATCH) {
      // until the dirty hours are drained
    }
    await this.prune(now);
  }

  private async fillGaps(now: Date): Promise<void> {
    const region = this.config.engine.flinkRegion;
    const candidates = await this.prisma.$queryRaw<Candidate[]>`
      SELECT s.uid, s.phase IN ('RUNNING', 'DEGRADED') AS running, s.end_time, c.through,
             last.minute AS last_minute, last.cfu AS last_cfu, s.cfu
      FROM statements s
      LEFT JOIN metering_cursors c ON c.statement_uid = s.uid
      LEFT JOIN LATERAL (SELECT minute, cfu FROM cfu_minutes m WHERE m.statement_uid = s.uid
                         ORDER BY minute DESC LIMIT 1) last ON true
      WHERE s.flink_region = ${region} AND (s.phase IN ('RUNNING', 'DEGRADED') OR c.statement_uid IS NOT NULL)`;
    const minutes: LedgerMinute[] = [];
    const cursors: { uid: string; through: Date }[] = [];
    const ended: string[] = [];
    for (const c of candidates) {
      const fill = minutesToFill({
        cursor: c.through,
        lastMinute: c.last_minute,
        now,
        endedAt: c.running ? null : (c.end_time ?? now),
        maxMinutes: MAX_FILL_MINUTES,
      });
      const cfu = Math.max(c.last_cfu ?? c.cfu, 1);
      for (const minute of fill.minutes) minutes.push({ statementUid: c.uid, minute, cfu });
      if (c.running || fill.minutes.length === MAX_FILL_MINUTES) cursors.push({ uid: c.uid, through: fill.cursor });
      else ended.push(c.uid);
    }
    await this.ledger.fill(minutes);
    if (cursors.length > 0) {
      await this.prisma.$executeRaw`
        INSERT INTO metering_cursors (statement_uid, through)
        SELECT * FROM unnest(${cursors.map((c) => c.uid)}::uuid[], ${cursors.map((c) => c.through)}::timestamptz[])
        ON CONFLICT (statement_uid) DO UPDATE SET through = EXCLUDED.through`;
    }
    if (ended.length > 0) await this.prisma.meteringCursor.deleteMany({ where: { statementUid: { in: ended } } });
    // Cursors of statements deleted meanwhile.
    await this.prisma.$executeRaw`
      DELETE FROM metering_cursors c WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.uid = c.statement_uid)`;
    if (minutes.length > 0) this.logger.log(`filled ${minutes.length} CFU-minutes that had no sample`);
  }

  /** Jobs that ended within the last day without a single minute in the ledger. */
  private async chargeMinimum(now: Date): Promise<void> {
    const rows = await this.prisma.$queryRaw<{ uid: string; start_time: Date | null }[]>`
      SELECT s.uid, s.start_time FROM statements s
      WHERE s.flink_region = ${this.config.engine.flinkRegion} AND s.flink_job_id IS NOT NULL
        AND s.phase NOT IN ('RUNNING', 'DEGRADED') AND s.end_time > ${new Date(now.getTime() - DAY_MS)}
        AND NOT EXISTS (SELECT 1 FROM cfu_minutes m WHERE m.statement_uid = s.uid)`;
    const minutes: LedgerMinute[] = [];
    for (const r of rows) {
      const minute = minimumChargeMinute({ startedAt: r.start_time, hasJob: true, ledgerMinutes: 0 });
      if (minute) minutes.push({ statementUid: r.uid, minute, cfu: 1 });
    }
    await this.ledger.fill(minutes);
  }

  /** Deletes raw samples older than the retention, in bounded batches. */
  private async prune(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - this.config.metering.sampleRetentionHours * HOUR_MS);
    for (let i = 0; i < PRUNE_BATCHES; i++) {
      const deleted = await this.prisma.$executeRaw`
        DELETE FROM statement_metric_samples WHERE id IN (
          SELECT id FROM statement_metric_samples WHERE at < ${cutoff} LIMIT ${PRUNE_BATCH})`;
      if (deleted < PRUNE_BATCH) return;
    }
  }
}
