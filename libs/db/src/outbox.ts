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
