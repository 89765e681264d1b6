/**
 * Commands from the scheduler to engine workers, carried by BullMQ queues (Redis). Job ids are
 * deterministic, so a command enqueued twice (a replayed outbox record, a reconcile pass) is
 * one job.
 */
import type { EngineCommand } from '#domain';

/** One queue per compute pool: its workers take only its statements. */
export function poolQueueName(computePoolId: string): string {
  return `cflink-pool-${computePoolId}`;
}

export interface EngineJob {
  command: EngineCommand;
  statementUid: string;
  /** Statement resource_version the command was issued at; workers drop older commands. */
  resourceVersion: number;
  /** CFUs (parallelism) granted by admission, for StartStatement. */
  cfu?: number;
  /** Restore from the statement's last savepoint (resume). */
  resume?: boolean;
}

export function engineJobId(job: EngineJob): string {
  return `${job.statementUid}:${job.resourceVersion}:${job.command}`;
}
