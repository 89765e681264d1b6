/**
 * Commands from the scheduler to engine workers, carried by BullMQ queues (Redis). Job ids are
 * deterministic, so a command enqueued twice (a replayed outbox record, a reconcile pass) is
 * one job. Workers read jobs through `EngineJobContract`.
 */
import { z } from 'zod';
import { ENGINE_COMMANDS } from '#domain';
import { cfu, resourceVersion, uid } from './fields';
import { defineMessage } from './message';

/** One queue per compute pool: its workers take only its statements. */
export function poolQueueName(computePoolId: string): string {
  return `cflink-pool-${computePoolId}`;
}

export const EngineJobV1 = z.strictObject({
  version: z.literal(1),
  command: z.enum(ENGINE_COMMANDS),
  statementUid: uid,
  /** Statement resource_version the command was issued at; workers drop older commands. */
  resourceVersion,
  /** CFUs (parallelism) granted by admission, for StartStatement. */
  cfu: cfu.min(1).optional(),
  /** Restore from the statement's last savepoint (resume). */
  resume: z.boolean().optional(),
});
export type EngineJob = z.infer<typeof EngineJobV1>;

export const EngineJobContract = defineMessage('engine job', 4 * 1024, { 1: EngineJobV1 });

export function engineJobId(job: EngineJob): string {
  return `${job.statementUid}:${job.resourceVersion}:${job.command}`;
}
