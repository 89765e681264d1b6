import { Inject, Injectable, Logger } from '@nestjs/common';
import { CFLINK_CONFIG, hop, type CflinkConfig } from '#config';
import { PURGE_ENVIRONMENT, readOutboxCommand } from '#contracts';
import { PrismaService } from '#db';
import { EngineQueues } from '../queues/engine-queues';

/** Records relayed per read; a pass reads again only after a full batch. */
export const OUTBOX_RELAY_BATCH = 100;

/**
 * Turns outbox records into engine jobs. Stop and delete go straight to the statement's pool
 * queue; a start is left to admission (which decides when and with how many CFUs), so its record
 * is only marked as seen. A record its contract rejects is marked too, with the reason, so it is
 * neither applied nor replayed.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly queues: EngineQueues,
  ) {}

  /** Relays one batch; returns how many records it handled. `woken`: when the pass was asked for (hop traces). */
  async relay(woken = Date.now()): Promise<number> {
    // This region's statement commands, and those whose statement is gone (nothing to do for them);
    // environment purges are the EnvironmentPurger's.
    const rows = await this.prisma.$queryRaw<{ id: bigint; command: string; subjectId: string; payload: unknown }[]>`
      SELECT o.id, o.command, o.subject_id AS "subjectId", o.payload
      FROM outbox_commands o LEFT JOIN statements s ON s.uid::text = o.subject_id
      WHERE o.dispatched_at IS NULL AND o.command <> ${PURGE_ENVIRONMENT}
        AND (s.uid IS NULL OR s.flink_region = ${this.config.engine.flinkRegion})
      ORDER BY o.id LIMIT ${OUTBOX_RELAY_BATCH}`;
    for (const row of rows) {
      const read = readOutboxCommand(row);
      if (!read.ok) {
        this.logger.warn(`rejected outbox record ${row.id}: ${read.reason}`);
        await this.prisma.outboxCommand.update({
          where: { id: row.id },
          data: { dispatchedAt: new Date(), rejection: read.reason },
        });
        continue;
      }
      const { command, subjectId, payload } = read.value;
      if (command === 'StopStatement' || command === 'DeleteStatement') {
        const statement = await this.prisma.statement.findUnique({
          where: { uid: subjectId },
          select: { computePoolId: true, resourceVersion: true },
        });
        if (statement) {
          await this.queues.enqueue(statement.computePoolId, {
            command,
            statementUid: subjectId,
            resourceVersion: 'resourceVersion' in payload ? payload.resourceVersion : statement.resourceVersion,
          });
          hop(subjectId, 'woken', woken);
          hop(subjectId, 'relayed');
        } else {
          this.logger.debug(`outbox ${row.id}: statement ${subjectId} is gone; nothing to ${command}`);
        }
      }
      // Enqueued first, marked after: a crash between the two replays the record into the same job id.
      await this.prisma.outboxCommand.update({ where: { id: row.id }, data: { dispatchedAt: new Date() } });
    }
    return rows.length;
  }
}
