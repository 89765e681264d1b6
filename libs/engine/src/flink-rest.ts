import { EngineError, engineJson } from './engine-error';
import { pollPauses } from './sql-gateway';

export type JobState =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

export interface JobException {
  exceptionName: string;
  stacktrace: string;
  timestamp: number;
}

/** The global job parameter naming the statement a job runs (its uid). */
export const STATEMENT_JOB_TAG = 'cflink.statement';

/** Client of the Flink JobManager REST API (job status, stop with savepoint, exceptions). */
export class FlinkRestClient {
  constructor(readonly baseUrl: string) {}

  overview() {
    return engineJson<{ taskmanagers: number; 'slots-total': number; 'slots-available': number }>(
      `${this.baseUrl}/overview`,
    );
  }

  /**
   * Live jobs carrying `key: value` in their global job parameters (cflink tags each statement's
   * job with its uid), among those named `name`: finds a job whose id never reached PostgreSQL.
   */
  async liveJobsTagged(name: string, key: string, value: string): Promise<string[]> {
    const { jobs } = await engineJson<{ jobs: { jid: string; name: string; state: JobState }[] }>(
      `${this.baseUrl}/jobs/overview`,
    );
    const named = jobs.filter((j) => j.name === name && !['FINISHED', 'CANCELED', 'FAILED'].includes(j.state));
    const tagged: string[] = [];
    for (const j of named) {
      const config = await engineJson<{ 'execution-config'?: { 'user-config'?: Record<string, string> } }>(
        `${this.baseUrl}/jobs/${j.jid}/config`,
      );
      if (config['execution-config']?.['user-config']?.[key] === value) tagged.push(j.jid);
    }
    return tagged;
  }

  async jobState(jobId: string): Promise<JobState> {
    return (await engineJson<{ status: JobState }>(`${this.baseUrl}/jobs/${jobId}/status`)).status;
  }

  /** Stops the job after a savepoint and returns the savepoint's location. */
  async stopWithSavepoint(jobId: string, timeoutMs = 120_000): Promise<string> {
    const { 'request-id': trigger } = await engineJson<{ 'request-id': string }>(`${this.baseUrl}/jobs/${jobId}/stop`, {
      method: 'POST',
      body: JSON.stringify({ drain: false }),
    });
    const deadline = Date.now() + timeoutMs;
    // A savepoint of a small job is written in tens of milliseconds: poll soon, then every 50 ms
    // at most (a status read is cheap; a longer pause is added to every stop's latency).
    const pause = pollPauses(10, 50);
    while (Date.now() < deadline) {
      const s = await engineJson<{
        status: { id: 'IN_PROGRESS' | 'COMPLETED' };
        operation?: {
          location?: string;
          'failure-cause'?: { 'stack-trace'?: string; 'serialized-throwable'?: string };
        };
      }>(`${this.baseUrl}/jobs/${jobId}/savepoints/${trigger}`);
      if (s.status.id === 'COMPLETED') {
        if (s.operation?.location) return s.operation.location;
        throw new EngineError(
          `stop with savepoint failed: ${s.operation?.['failure-cause']?.['stack-trace'] ?? 'unknown'}`,
        );
      }
      await pause();
    }
    throw new EngineError(`stop with savepoint of job ${jobId} did not finish in ${timeoutMs} ms`);
  }

  /** The location of the job's latest completed checkpoint (retained on cancel), if any. */
  async latestCheckpoint(jobId: string): Promise<string | undefined> {
    const res = await engineJson<{ latest?: { completed?: { external_path?: string } | null } }>(
      `${this.baseUrl}/jobs/${jobId}/checkpoints`,
    );
    const path = res.latest?.completed?.external_path;
    return path && path !== '<checkpoint-not-externally-addressable>' ? path : undefined;
  }

  async cancel(jobId: string): Promise<void> {
    await engineJson(`${this.baseUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  }

  /** The newest exceptions of a job, newest first. */
  async exceptions(jobId: string, max = 10): Promise<JobException[]> {
    const res = await engineJson<{ exceptionHistory?: { entries: JobException[] } }>(
      `${this.baseUrl}/jobs/${jobId}/exceptions?maxExceptions=${max}`,
    );
    return res.exceptionHistory?.entries ?? [];
  }

  /** State and vertices of a job; null when the cluster does not know it (e.g. lost in a restart). */
  async job(jobId: string): Promise<{ state: JobState; vertices: { id: string; name: string }[] } | null> {
    try {
      const res = await engineJson<{ state: JobState; vertices: { id: string; name: string }[] }>(
        `${this.baseUrl}/jobs/${jobId}`,
      );
      return { state: res.state, vertices: res.vertices.map((v) => ({ id: v.id, name: v.name })) };
    } catch (e) {
      if (e instanceof EngineError && e.status === 404) return null;
      throw e;
    }
  }

  /** Job-level metrics (numRestarts, lastCheckpointExternalPath, lastCheckpointSize, …). */
  async jobMetrics(jobId: string, ids: string[]): Promise<Record<string, string>> {
    const res = await engineJson<{ id: string; value: string }[]>(
      `${this.baseUrl}/jobs/${jobId}/metrics?get=${ids.map(encodeURIComponent).join(',')}`,
    );
    return Object.fromEntries(res.map((m) => [m.id, m.value]));
  }

  /** Ids of the metrics a vertex's subtasks report (operator-scoped, e.g. `Source__t[1].numRecordsOut`). */
  async vertexMetricIds(jobId: string, vertexId: string): Promise<string[]> {
    const res = await engineJson<{ id: string }[]>(
      `${this.baseUrl}/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics`,
    );
    return res.map((m) => m.id);
  }

  /** Vertex metrics aggregated over its subtasks (sum, min or max). */
  async vertexMetrics(
    jobId: string,
    vertexId: string,
    ids: string[],
    agg: 'sum' | 'min' | 'max' = 'sum',
  ): Promise<Record<string, number>> {
    if (ids.length === 0) return {};
    const res = await engineJson<{ id: string; sum?: number; min?: number; max?: number }[]>(
      `${this.baseUrl}/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics?agg=${agg}&get=${ids.map(encodeURIComponent).join(',')}`,
    );
    return Object.fromEntries(res.map((m) => [m.id, Number(m[agg] ?? 0)]));
  }
}
