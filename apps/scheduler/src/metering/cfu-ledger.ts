import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '#db';
import { dayOf } from '#domain';

/** A minute to write into the ledger with the CFUs held in it. */
export interface LedgerMinute {
  statementUid: string;
  minute: Date;
  cfu: number;
}

/**
 * Writes the CFU-minute ledger (`cfu_minutes`), idempotently: one row per statement and UTC
 * minute. An observed sample keeps the most CFUs seen in its minute and replaces a filled-in
 * value (libs/domain `mergeSample`); a filled minute never overwrites anything. Every write
 * marks its statement-hour dirty in the same statement, so the roll-ups are recomputed; the
 * mark is taken with a row lock (DO UPDATE), which orders it against a pass consuming marks.
 * Attribution (organization, environment, principal, region) is the statement's at the time.
 */
@Injectable()
export class CfuLedger {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Samples' CFUs into their minutes, in one statement: samples of one statement and minute are
   * merged first (the highest CFUs, the latest sample's pool), as applying them in turn would. A
   * sample of 0 CFUs or of an unknown statement writes nothing; a minute a metering pass filled is
   * replaced by what the engine observed.
   */
  sampleStatements(
    samples: readonly { statementUid: string; computePoolId: string; at: string; currentCfu: number }[],
  ): Prisma.PrismaPromise<number> {
    return this.prisma.$executeRaw`
      WITH b AS (
        SELECT uid, date_trunc('minute', at, 'UTC') AS minute, max(cfu) AS cfu,
               (array_agg(pool ORDER BY at DESC, i DESC))[1] AS pool
        FROM unnest(${samples.map((s) => s.statementUid)}::uuid[], ${samples.map((s) => s.computePoolId)}::text[],
                    ${samples.map((s) => new Date(s.at))}::timestamptz[], ${samples.map((s) => s.currentCfu)}::int[],
                    ${samples.map((_, i) => i)}::int[]) AS b(uid, pool, at, cfu, i)
        WHERE cfu > 0
        GROUP BY uid, date_trunc('minute', at, 'UTC')),
      up AS (
        INSERT INTO cfu_minutes (statement_uid, minute, organization_id, environment_id, compute_pool_id,
                                 flink_region, principal, cfu, filled)
        SELECT s.uid, b.minute, s.organization_id, s.environment_id, b.pool, s.flink_region, s.principal, b.cfu, false
        FROM b JOIN statements s ON s.uid = b.uid
        ON CONFLICT (statement_uid, minute) DO UPDATE SET
          cfu = CASE WHEN cfu_minutes.filled THEN EXCLUDED.cfu ELSE GREATEST(cfu_minutes.cfu, EXCLUDED.cfu) END,
          compute_pool_id = CASE WHEN cfu_minutes.filled THEN EXCLUDED.compute_pool_id
                                 ELSE cfu_minutes.compute_pool_id END,
          filled = false
        RETURNING statement_uid, minute)
      INSERT INTO cfu_dirty_hours (statement_uid, hour)
      SELECT DISTINCT statement_uid, date_trunc('hour', minute, 'UTC') FROM up
      ON CONFLICT (statement_uid, hour) DO UPDATE SET hour = EXCLUDED.hour`;
  }

  /** Minutes a metering pass fills (gaps, minimum charge) on the statement's current pool; existing minutes win. */
  async fill(minutes: LedgerMinute[]): Promise<number> {
    if (minutes.length === 0) return 0;
    return this.prisma.$executeRaw`
      WITH f AS (
        SELECT * FROM unnest(${minutes.map((m) => m.statementUid)}::uuid[], ${minutes.map((m) => m.minute)}::timestamptz[],
                             ${minutes.map((m) => m.cfu)}::int[]) AS f(uid, minute, cfu)),
      ins AS (
        INSERT INTO cfu_minutes (statement_uid, minute, organization_id, environment_id, compute_pool_id,
                                 flink_region, principal, cfu, filled)
        SELECT s.uid, f.minute, s.organization_id, s.environment_id, s.compute_pool_id, s.flink_region,
               s.principal, f.cfu, true
        FROM f JOIN statements s ON s.uid = f.uid WHERE f.cfu > 0
        ON CONFLICT (statement_uid, minute) DO NOTHING
        RETURNING statement_uid, minute)
      INSERT INTO cfu_dirty_hours (statement_uid, hour)
      SELECT DISTINCT statement_uid, date_trunc('hour', minute, 'UTC') FROM ins
      ON CONFLICT (statement_uid, hour) DO UPDATE SET hour = EXCLUDED.hour`;
  }

  /**
   * Recomputes the hourly and daily roll-ups of up to `batch` dirty statement-hours, in one
   * transaction with taking their marks; returns how many it took.
   */
  async rollUp(batch: number): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const taken = await tx.$queryRaw<{ statement_uid: string; hour: Date }[]>`
        DELETE FROM cfu_dirty_hours d USING (
          SELECT statement_uid, hour FROM cfu_dirty_hours ORDER BY hour LIMIT ${batch} FOR UPDATE SKIP LOCKED
        ) t WHERE d.statement_uid = t.statement_uid AND d.hour = t.hour
        RETURNING d.statement_uid, d.hour`;
      if (taken.length === 0) return 0;
      const uids = taken.map((t) => t.statement_uid);
      const hours = taken.map((t) => t.hour);
      await tx.$executeRaw`
        DELETE FROM cfu_hours h USING unnest(${uids}::uuid[], ${hours}::timestamptz[]) AS d(uid, hour)
        WHERE h.statement_uid = d.uid AND h.hour = d.hour`;
      await tx.$executeRaw`
        INSERT INTO cfu_hours (statement_uid, hour, compute_pool_id, principal, organization_id, environment_id,
                               flink_region, cfu_minutes)
        SELECT m.statement_uid, d.hour, m.compute_pool_id, m.principal, m.organization_id, m.environment_id,
               m.flink_region, SUM(m.cfu)
        FROM unnest(${uids}::uuid[], ${hours}::timestamptz[]) AS d(uid, hour)
        JOIN cfu_minutes m ON m.statement_uid = d.uid AND m.minute >= d.hour AND m.minute < d.hour + interval '1 hour'
        GROUP BY m.statement_uid, d.hour, m.compute_pool_id, m.principal, m.organization_id, m.environment_id,
                 m.flink_region`;
      // The UTC days of the dirty hours, recomputed from their hours.
      const days = [...new Set(taken.map((t) => `${t.statement_uid} ${dayOf(t.hour)}`))].map((k) => k.split(' '));
      const dayUids = days.map(([uid]) => uid);
      const dayDates = days.map(([, day]) => day);
      await tx.$executeRaw`
        DELETE FROM cfu_days c USING unnest(${dayUids}::uuid[], ${dayDates}::date[]) AS d(uid, day)
        WHERE c.statement_uid = d.uid AND c.day = d.day`;
      await tx.$executeRaw`
        INSERT INTO cfu_days (statement_uid, day, compute_pool_id, principal, organization_id, environment_id,
                              flink_region, cfu_minutes)
        SELECT h.statement_uid, d.day, h.compute_pool_id, h.principal, h.organization_id, h.environment_id,
               h.flink_region, SUM(h.cfu_minutes)
        FROM unnest(${dayUids}::uuid[], ${dayDates}::date[]) AS d(uid, day)
        JOIN cfu_hours h ON h.statement_uid = d.uid
          AND h.hour >= (d.day::timestamp AT TIME ZONE 'UTC')
          AND h.hour < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
        GROUP BY h.statement_uid, d.day, h.compute_pool_id, h.principal, h.organization_id, h.environment_id,
                 h.flink_region`;
      return taken.length;
    });
  }
}
