import type { OutboxCommand } from '#contracts';
import type { Prisma } from './generated/client.js';
import type { SqlTx } from './sql.service';

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
  // Delivered when the transaction commits (never if it rolls back): the scheduler relays at once
  // instead of at its next timed pass.
  await tx.$executeRawUnsafe(`NOTIFY ${OUTBOX_CHANNEL}`);
}

/** PostgreSQL notification channel announcing new outbox commands. */
export const OUTBOX_CHANNEL = 'cflink_outbox';

/** `enqueueCommand` in a transaction of SqlService (the statement create path), in one round trip. */
export async function enqueueCommandSql(tx: SqlTx, organizationId: string, entry: OutboxCommand): Promise<void> {
  await tx.query({
    name: 'outbox-enqueue-notify',
    text: `WITH queued AS (
             INSERT INTO outbox_commands (organization_id, command, subject_id, payload) VALUES ($1, $2, $3, $4)
             RETURNING 1)
           SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM queued`,
    values: [organizationId, entry.command, entry.subjectId, JSON.stringify(entry.payload)],
  });
}
