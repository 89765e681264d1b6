import type { Prisma } from './generated/client.js';

export interface OutboxEntry {
  organizationId: string;
  /** e.g. StartStatement, StopStatement, DeleteStatement */
  command: string;
  /** Id of the resource the command is about. */
  subjectId: string;
  payload?: Prisma.InputJsonValue;
}

/**
 * Records a command for the scheduler. Call it with the transaction that makes the change the
 * command is about, so the change and its command commit (or roll back) together.
 */
export async function enqueueCommand(tx: Prisma.TransactionClient, entry: OutboxEntry): Promise<void> {
  await tx.outboxCommand.create({
    data: {
      organizationId: entry.organizationId,
      command: entry.command,
      subjectId: entry.subjectId,
      payload: entry.payload ?? {},
    },
  });
}

/**
 * Outbox command: an environment was deleted; the scheduler of `flinkRegion` deletes the topics of
 * its logical Kafka cluster (`<kafkaClusterId>.<table>`) from that region's Kafka, and the broker
 * access only it needed. One record per region the deployment serves (each region has its Kafka).
 */
export const PURGE_ENVIRONMENT = 'PurgeEnvironment';

export interface PurgeEnvironmentPayload {
  flinkRegion: string;
  kafkaClusterId: string;
}

/** The payload of a PurgeEnvironment record, or null when it is not one. */
export function purgeEnvironmentPayload(payload: unknown): PurgeEnvironmentPayload | null {
  const p = payload as Partial<PurgeEnvironmentPayload> | null;
  if (typeof p?.flinkRegion !== 'string' || typeof p.kafkaClusterId !== 'string') return null;
  if (!/^lkc-[a-z0-9]+$/.test(p.kafkaClusterId)) return null;
  return { flinkRegion: p.flinkRegion, kafkaClusterId: p.kafkaClusterId };
}
