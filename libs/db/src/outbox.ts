import type { OutboxCommand } from '#contracts';
import type { Prisma } from './generated/client.js';

/**
 * Records a command for the scheduler. Call it with the transaction that makes the change the
 * command is about, so the change and its command commit (or roll back) together. The relay
 * reads it back through libs/contracts readOutboxCommand.
 */
export async function enqueueCommand(
  tx: Prisma.TransactionClient,
  organizationId: string,
  entry: OutboxCommand,
): Promise<void> {
  await tx.outboxCommand.create({
    data: { organizationId, command: entry.command, subjectId: entry.subjectId, payload: entry.payload },
  });
}
