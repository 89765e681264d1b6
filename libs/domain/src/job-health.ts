/**
 * How a running statement's Flink job is doing, judged from what the JobManager reports on
 * each watch: recoverable failures restart the job and leave the statement RUNNING, until they
 * repeat (DEGRADED); a job that ends decides the statement's end. Pure; apps/worker/src/watch
 * does the polling.
 */
export type ObservedJobState = 'RUNNING' | 'RESTARTING' | 'FINISHED' | 'FAILED' | 'CANCELED' | 'MISSING' | 'OTHER';

export interface JobHealthPolicy {
  /** Restarts within `windowMs` that make a statement DEGRADED. */
  degradeRestarts: number;
  windowMs: number;
  /** Time without a restart after which a DEGRADED statement is RUNNING again. */
  recoverMs: number;
}

export const DEFAULT_JOB_HEALTH: JobHealthPolicy = { degradeRestarts: 3, windowMs: 10 * 60_000, recoverMs: 60_000 };

export interface JobMemory {
  /** numRestarts at the last observation (null before the first). */
  lastRestarts: number | null;
  /** When restarts were seen, oldest first, within the window. */
  restartTimes: number[];
}

export const NEW_JOB_MEMORY: JobMemory = { lastRestarts: null, restartTimes: [] };

export type JobVerdict =
  | { kind: 'none' }
  | { kind: 'report'; phase: 'RUNNING' | 'DEGRADED' | 'COMPLETED' | 'FAILED'; detail: string }
  /** The job failed for good: fetch its root cause and fail the statement. */
  | { kind: 'failed' }
  /** The cluster lost the job: run it again from its last checkpoint. */
  | { kind: 'resubmit' };

export function judgeJob(
  phase: 'RUNNING' | 'DEGRADED',
  memory: JobMemory,
  observed: { state: ObservedJobState; numRestarts: number | null; at: number },
  policy: JobHealthPolicy = DEFAULT_JOB_HEALTH,
): { memory: JobMemory; verdict: JobVerdict } {
  const restarts = observed.numRestarts ?? memory.lastRestarts ?? 0;
  const added = memory.lastRestarts === null ? 0 : Math.max(0, restarts - memory.lastRestarts);
  const restartTimes = [...memory.restartTimes, ...Array<number>(added).fill(observed.at)].filter(
    (t) => observed.at - t <= policy.windowMs,
  );
  const next: JobMemory = { lastRestarts: restarts, restartTimes };
  switch (observed.state) {
    case 'FINISHED':
      return { memory: next, verdict: { kind: 'report', phase: 'COMPLETED', detail: '' } };
    case 'FAILED':
      return { memory: next, verdict: { kind: 'failed' } };
    case 'CANCELED':
      return {
        memory: next,
        verdict: {
          kind: 'report',
          phase: 'FAILED',
          detail: 'The Flink job was cancelled outside cflink; resume the statement to run it again.',
        },
      };
    case 'MISSING':
      return { memory: next, verdict: { kind: 'resubmit' } };
    default:
      break;
  }
  if (phase === 'RUNNING' && restartTimes.length >= policy.degradeRestarts) {
    return {
      memory: next,
      verdict: {
        kind: 'report',
        phase: 'DEGRADED',
        detail: `The job restarted ${restartTimes.length} times in the last ${Math.round(policy.windowMs / 60_000)} minutes after recoverable failures.`,
      },
    };
  }
  const lastRestart = restartTimes.at(-1) ?? 0;
  if (phase === 'DEGRADED' && observed.state === 'RUNNING' && observed.at - lastRestart >= policy.recoverMs) {
    return {
      memory: next,
      verdict: { kind: 'report', phase: 'RUNNING', detail: 'Recovered: the job runs without restarts.' },
    };
  }
  return { memory: next, verdict: { kind: 'none' } };
}
