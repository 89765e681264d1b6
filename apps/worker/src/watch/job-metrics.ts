import { FlinkRestClient, pollPauses } from '#engine';

/** Flink's job metrics, read the way a statement's metric sample and latest_offsets need them. */
export interface JobSample {
  recordsIn: number;
  recordsOut: number;
  pendingRecords: number;
  stateSizeBytes: number;
  currentInputWatermarkMs?: number;
  currentOutputWatermarkMs?: number;
  lastCheckpointPath?: string;
  /** Records its sources skipped in error-handling.mode ignore or log, and those written as dead letters. */
  skippedRecords: number;
  deadLetterRecords: number;
  /** Busy and back-pressured share of the busiest task (0..1); absent when Flink reports neither. */
  busyRatio?: number;
  backPressuredRatio?: number;
  /** Partitions of the widest topic the Kafka sources have been assigned. */
  sourcePartitions?: number;
}

const SOURCE_OUT = /^Source__.+\.numRecordsOut$/;
const SINK_SENT = /__Writer\.numRecordsSend$/;
const PENDING = /^Source__.+\.pendingRecords$/;
const SOURCE_WATERMARK = /^Source__.+\.currentOutputWatermark$/;
const SINK_WATERMARK = /__Writer\.currentInputWatermark$/;
const KAFKA_READER = /\.KafkaSourceReader\./;
// Counters of infra/flink-error-handling, in each Kafka source reader's deserializer group.
const SKIPPED = /\.errorHandlingSkippedRecords$/;
const DEAD_LETTERS = /\.errorHandlingDeadLetterRecords$/;
/** How long a stop waits for a Kafka reader's offset metrics to become visible. */
const OFFSET_METRICS_WAIT_MS = 12_000;
// Task metrics: milliseconds per second a subtask was busy or back-pressured.
const BUSY = /^busyTimeMsPerSecond$/;
const BACK_PRESSURED = /^backPressuredTimeMsPerSecond$/;
const CURRENT_OFFSET = /\.KafkaSourceReader\.topic\.(.+)\.partition\.(\d+)\.currentOffset$/;

/**
 * How long a job's metric ids are reused. Operators register metrics as they open and meet
 * their first splits and records (a Kafka reader's partitions, the error-handling counters), and
 * Flink's REST side lists a new one only after its next fetch, so the ids are read again now
 * and then rather than once.
 */
const METRIC_IDS_TTL_MS = 30_000;

export class JobMetrics {
  /** Metric ids per job and vertex, and when they were read. */
  private readonly ids = new Map<string, { at: number; vertices: Map<string, string[]> }>();

  constructor(private readonly flink: FlinkRestClient) {}

  forget(jobId: string): void {
    this.ids.delete(jobId);
  }

  private async vertexIds(jobId: string, fresh = false): Promise<Map<string, string[]>> {
    const cached = this.ids.get(jobId);
    const known = cached ? [...cached.vertices.values()].flat() : [];
    // A Kafka reader registers its backlog metric after its first fetch: until then, read afresh (Autopilot needs it).
    const backlogMissing = known.some((id) => KAFKA_READER.test(id)) && !known.some((id) => PENDING.test(id));
    const usable = cached && Date.now() - cached.at < METRIC_IDS_TTL_MS && known.length > 0 && !backlogMissing;
    if (!fresh && usable) return cached.vertices;
    const job = await this.flink.job(jobId);
    const vertices = new Map<string, string[]>();
    for (const v of job?.vertices ?? []) vertices.set(v.id, await this.flink.vertexMetricIds(jobId, v.id));
    this.ids.set(jobId, { at: Date.now(), vertices });
    return vertices;
  }

  private async aggregate(jobId: string, pattern: RegExp, agg: 'sum' | 'min' | 'max'): Promise<number[]> {
    const out: number[] = [];
    for (const [vertex, ids] of await this.vertexIds(jobId)) {
      const values = await this.flink.vertexMetrics(
        jobId,
        vertex,
        ids.filter((id) => pattern.test(id)),
        agg,
      );
      out.push(...Object.values(values));
    }
    return out;
  }

  async sample(jobId: string): Promise<JobSample> {
    const sum = async (p: RegExp) => (await this.aggregate(jobId, p, 'sum')).reduce((a, b) => a + b, 0);
    const watermark = async (p: RegExp) => {
      // Flink reports Long.MIN_VALUE until a watermark exists.
      const values = (await this.aggregate(jobId, p, 'min')).filter((v) => v > 0);
      return values.length ? Math.min(...values) : undefined;
    };
    // The busiest task's share of each second; Flink reports NaN for a task it cannot measure.
    const ratio = async (p: RegExp) => {
      const values = (await this.aggregate(jobId, p, 'max')).filter((v) => Number.isFinite(v) && v >= 0);
      return values.length ? Math.min(1, Math.max(...values) / 1000) : undefined;
    };
    const busyRatio = await ratio(BUSY);
    const backPressuredRatio = await ratio(BACK_PRESSURED);
    const sourcePartitions = await this.sourcePartitions(jobId);
    const job = await this.flink.jobMetrics(jobId, ['lastCheckpointSize', 'lastCheckpointExternalPath']);
    const path = job.lastCheckpointExternalPath;
    return {
      recordsIn: await sum(SOURCE_OUT),
      recordsOut: await sum(SINK_SENT),
      pendingRecords: await sum(PENDING),
      // Flink reports -1 until the job's first checkpoint completes; a sample carrying it was refused.
      stateSizeBytes: Math.max(0, Number(job.lastCheckpointSize) || 0),
      skippedRecords: await sum(SKIPPED),
      deadLetterRecords: await sum(DEAD_LETTERS),
      currentOutputWatermarkMs: await watermark(SOURCE_WATERMARK),
      currentInputWatermarkMs: await watermark(SINK_WATERMARK),
      ...(path && path !== 'n/a' ? { lastCheckpointPath: path } : {}),
      ...(busyRatio !== undefined ? { busyRatio } : {}),
      ...(backPressuredRatio !== undefined ? { backPressuredRatio } : {}),
      ...(sourcePartitions ? { sourcePartitions } : {}),
    };
  }

  /** Partitions of the widest topic the job's Kafka readers are assigned (from their offset metric ids). */
  private async sourcePartitions(jobId: string): Promise<number | undefined> {
    const perTopic = new Map<string, Set<string>>();
    for (const ids of (await this.vertexIds(jobId)).values()) {
      for (const id of ids) {
        const m = CURRENT_OFFSET.exec(id);
        if (m) perTopic.set(m[1], (perTopic.get(m[1]) ?? new Set()).add(m[2]));
      }
    }
    return perTopic.size ? Math.max(...[...perTopic.values()].map((p) => p.size)) : undefined;
  }

  /**
   * The Kafka source offsets the job has read up to, per topic as Flink's metrics name it
   * (dots become underscores): `partition:0,offset:100;partition:1,offset:200`.
   */
  async offsets(jobId: string): Promise<Record<string, string>> {
    // A Kafka reader registers its per-partition metrics once splits are assigned, and Flink's
    // REST side sees new metrics only at its next fetch: ids cached by an early sample may not
    // have them, and a job stopped right after its start may have none yet. Read the ids afresh
    // and wait for them a little.
    const deadline = Date.now() + OFFSET_METRICS_WAIT_MS;
    let ids = await this.vertexIds(jobId, true);
    const all = () => [...ids.values()].flat();
    const pending = () => {
      const known = all();
      return (
        known.length === 0 ||
        (known.some((id) => KAFKA_READER.test(id)) && !known.some((id) => CURRENT_OFFSET.test(id)))
      );
    };
    // A stop waits on this: look again soon, then every 100 ms (a read of the ids is cheap).
    const pause = pollPauses(25, 100);
    while (pending() && Date.now() < deadline) {
      await pause();
      ids = await this.vertexIds(jobId, true);
    }
    const perTopic = new Map<string, [number, number][]>();
    for (const [vertex, vertexIds] of ids) {
      const values = await this.flink.vertexMetrics(
        jobId,
        vertex,
        vertexIds.filter((id) => CURRENT_OFFSET.test(id)),
        'max',
      );
      for (const [id, offset] of Object.entries(values)) {
        const m = CURRENT_OFFSET.exec(id)!;
        if (offset < 0) continue;
        perTopic.set(m[1], [...(perTopic.get(m[1]) ?? []), [Number(m[2]), offset]]);
      }
    }
    return Object.fromEntries(
      [...perTopic].map(([topic, parts]) => [
        topic,
        parts
          .sort((a, b) => a[0] - b[0])
          .map(([p, o]) => `partition:${p},offset:${o}`)
          .join(';'),
      ]),
    );
  }
}
