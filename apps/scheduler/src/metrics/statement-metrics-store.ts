import { Injectable } from '@nestjs/common';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { CfuLedger } from '../metering/cfu-ledger';

/**
 * Locks the statements' rows in uid order, first in a transaction that updates many: batches of
 * events and of samples are applied concurrently (one partition of each topic at a time) and
 * would otherwise lock the same rows in different orders and deadlock.
 */
export function lockStatements(prisma: PrismaService, uids: string[]) {
  return prisma.$executeRaw`SELECT 1 FROM (SELECT uid FROM statements WHERE uid = ANY(${uids}::uuid[]) ORDER BY uid FOR UPDATE) l`;
}

/**
 * Keeps the engine's metric samples: the latest on the statement (with the job's last
 * checkpoint, which a lost job is resubmitted from) and every sample in the series that
 * metrics read, and its CFUs in the metering ledger.
 */
@Injectable()
export class StatementMetricsStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ledger: CfuLedger,
  ) {}

  /**
   * Stores a batch of samples in three set-based statements (one transaction): the consumer
   * keeps up with thousands of statements reporting every interval, which one transaction per
   * sample does not. Equivalent to applying them one by one, in order.
   */
  async applyBatch(samples: MetricSample[]): Promise<void> {
    if (samples.length === 0) return;
    const col = <T>(f: (s: MetricSample, i: number) => T) => samples.map(f);
    const watermark = (ms?: number) => (ms !== undefined && ms > 0 ? new Date(ms) : null);
    const uids = col((s) => s.statementUid);
    const ats = col((s) => new Date(s.at));
    await this.prisma.$transaction([
      lockStatements(this.prisma, uids),
      // The latest sample of each statement in the batch becomes its latest_metrics.
      this.prisma.$executeRaw`
        UPDATE statements s SET latest_metrics = v.sample,
          checkpoint_path = COALESCE(v.sample->>'lastCheckpointPath', s.checkpoint_path)
        FROM (SELECT DISTINCT ON (uid) uid, sample FROM unnest(${uids}::uuid[], ${ats}::timestamptz[],
                ${col((x) => JSON.stringify(x))}::jsonb[], ${col((_, i) => i)}::int[]) AS b(uid, at, sample, i)
              ORDER BY uid, at DESC, i DESC) v
        WHERE s.uid = v.uid AND s.phase IN ('RUNNING', 'DEGRADED')
          AND (s.latest_metrics IS NULL OR (s.latest_metrics->>'at')::timestamptz <= (v.sample->>'at')::timestamptz)`,
      this.prisma.$executeRaw`
        INSERT INTO statement_metric_samples (statement_uid, compute_pool_id, at, records_in, records_out,
          pending_records, current_cfu, state_size_bytes, input_watermark, output_watermark, skipped_records,
          dead_letter_records, busy_ratio, back_pressured_ratio, source_partitions)
        SELECT * FROM unnest(${uids}::uuid[], ${col((s) => s.computePoolId)}::text[], ${ats}::timestamptz[],
          ${col((s) => BigInt(Math.round(s.recordsIn)))}::bigint[], ${col((s) => BigInt(Math.round(s.recordsOut)))}::bigint[],
          ${col((s) => BigInt(Math.round(s.pendingRecords)))}::bigint[], ${col((s) => s.currentCfu)}::int[],
          ${col((s) => BigInt(Math.round(s.stateSizeBytes)))}::bigint[],
          ${col((s) => watermark(s.currentInputWatermarkMs))}::timestamptz[],
          ${col((s) => watermark(s.currentOutputWatermarkMs))}::timestamptz[],
          ${col((s) => BigInt(Math.round(s.skippedRecords ?? 0)))}::bigint[],
          ${col((s) => BigInt(Math.round(s.deadLetterRecords ?? 0)))}::bigint[],
          ${col((s) => s.busyRatio ?? null)}::real[], ${col((s) => s.backPressuredRatio ?? null)}::real[],
          ${col((s) => s.sourcePartitions ?? null)}::int[])
        ON CONFLICT (statement_uid, at) DO NOTHING`,
      this.ledger.sampleStatements(samples),
    ]);
  }

  /** One sample: a batch of one. */
  apply(sample: MetricSample): Promise<void> {
    return this.applyBatch([sample]);
  }
}
