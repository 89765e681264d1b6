import { Injectable } from '@nestjs/common';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { CfuLedger } from '../metering/cfu-ledger';

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
    if (samples.length === 1) return this.apply(samples[0]);
    const col = <T>(f: (s: MetricSample, i: number) => T) => samples.map(f);
    const watermark = (ms?: number) => (ms !== undefined && ms > 0 ? new Date(ms) : null);
    const uids = col((s) => s.statementUid);
    const ats = col((s) => new Date(s.at));
    await this.prisma.$transaction([
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
          pending_records, current_cfu, state_size_bytes, input_watermark, output_watermark)
        SELECT * FROM unnest(${uids}::uuid[], ${col((s) => s.computePoolId)}::text[], ${ats}::timestamptz[],
          ${col((s) => BigInt(Math.round(s.recordsIn)))}::bigint[], ${col((s) => BigInt(Math.round(s.recordsOut)))}::bigint[],
          ${col((s) => BigInt(Math.round(s.pendingRecords)))}::bigint[], ${col((s) => s.currentCfu)}::int[],
          ${col((s) => BigInt(Math.round(s.stateSizeBytes)))}::bigint[],
          ${col((s) => watermark(s.currentInputWatermarkMs))}::timestamptz[],
          ${col((s) => watermark(s.currentOutputWatermarkMs))}::timestamptz[])
        ON CONFLICT (statement_uid, at) DO NOTHING`,
      this.ledger.sampleStatements(samples),
    ]);
  }

  async apply(sample: MetricSample): Promise<void> {
    const at = new Date(sample.at);
    const watermark = (ms?: number) => (ms !== undefined && ms > 0 ? new Date(ms) : null);
    await this.prisma.$transaction([
      // Raw: a sample is not a change of the statement (updated_at and resource_version stay).
      // A replayed older sample does not replace a newer one.
      this.prisma.$executeRaw`UPDATE statements SET latest_metrics = ${JSON.stringify(sample)}::jsonb,
        checkpoint_path = COALESCE(${sample.lastCheckpointPath ?? null}, checkpoint_path)
        WHERE uid = ${sample.statementUid}::uuid AND phase IN ('RUNNING', 'DEGRADED')
          AND (latest_metrics IS NULL OR (latest_metrics->>'at')::timestamptz <= ${at})`,
      // A sample Kafka delivers again is the same (statement, at): kept once.
      this.prisma.statementMetricSample.createMany({
        skipDuplicates: true,
        data: {
          statementUid: sample.statementUid,
          computePoolId: sample.computePoolId,
          at,
          recordsIn: BigInt(Math.round(sample.recordsIn)),
          recordsOut: BigInt(Math.round(sample.recordsOut)),
          pendingRecords: BigInt(Math.round(sample.pendingRecords)),
          currentCfu: sample.currentCfu,
          stateSizeBytes: BigInt(Math.round(sample.stateSizeBytes)),
          inputWatermark: watermark(sample.currentInputWatermarkMs),
          outputWatermark: watermark(sample.currentOutputWatermarkMs),
        },
      }),
      this.ledger.sampleStatement(sample.statementUid, sample.computePoolId, at, sample.currentCfu),
    ]);
  }
}
