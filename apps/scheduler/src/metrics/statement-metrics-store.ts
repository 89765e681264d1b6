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

  async apply(sample: MetricSample): Promise<void> {
    const at = new Date(sample.at);
    const watermark = (ms?: number) => (ms !== undefined && ms > 0 ? new Date(ms) : null);
    await this.prisma.$transaction([
      // Raw: a sample is not a change of the statement (updated_at and resource_version stay).
      this.prisma.$executeRaw`UPDATE statements SET latest_metrics = ${JSON.stringify(sample)}::jsonb,
        checkpoint_path = COALESCE(${sample.lastCheckpointPath ?? null}, checkpoint_path)
        WHERE uid = ${sample.statementUid}::uuid AND phase IN ('RUNNING', 'DEGRADED')`,
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
