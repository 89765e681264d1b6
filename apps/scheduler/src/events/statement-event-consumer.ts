import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { ensureReportTopics, kafkaClient, STATEMENT_EVENTS_TOPIC, type StatementEvent } from '#contracts';
import { PrismaService, type Prisma } from '#db';
import { decideEvent, type StatementPhase } from '#domain';

/** Reads the workers' statement events from Kafka into PostgreSQL, once each (by seq). */
@Injectable()
export class StatementEventConsumer implements OnModuleDestroy {
  private readonly logger = new Logger(StatementEventConsumer.name);
  private consumer: Consumer | null = null;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
  ) {}

  async start(): Promise<void> {
    if (this.consumer) return;
    const kafka = kafkaClient(this.config.engine.kafkaBrokers, 'cflink-scheduler');
    await ensureReportTopics(kafka);
    const consumer = kafka.consumer({ groupId: this.config.scheduler.eventsConsumerGroup });
    this.consumer = consumer;
    await consumer.connect();
    // From the beginning for a new group: events published before it first joined still count.
    await consumer.subscribe({ topic: STATEMENT_EVENTS_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        let event: StatementEvent;
        try {
          event = JSON.parse(message.value.toString()) as StatementEvent;
        } catch {
          this.logger.warn(`skipping a malformed statement event at offset ${message.offset}`);
          return;
        }
        await this.apply(event);
      },
    });
  }

  /** Applies one event; exported for reuse by reconciliation. Idempotent. */
  async apply(event: StatementEvent): Promise<void> {
    const row = await this.prisma.statement.findUnique({ where: { uid: event.statementUid } });
    if (!row) return; // deleted, or another deployment's statement sharing this Kafka
    const decision = decideEvent(
      {
        phase: row.phase as StatementPhase,
        stopped: row.stopped,
        lastEventSeq: Number(row.lastEventSeq),
        startTime: row.startTime,
      },
      { ...event, at: new Date(event.at) },
    );
    // The seq guard in each write makes a concurrent or replayed event a no-op.
    const where = { uid: row.uid, lastEventSeq: { lt: BigInt(event.seq) } };
    if (decision.kind === 'ignore') return;
    if (decision.kind === 'remove') {
      await this.prisma.statement.deleteMany({ where });
      return;
    }
    const traits = decision.sqlKind
      ? ({ ...((row.traits as Prisma.JsonObject | null) ?? {}), sql_kind: decision.sqlKind } as Prisma.InputJsonValue)
      : undefined;
    await this.prisma.statement.updateMany({
      where,
      data: {
        lastEventSeq: BigInt(event.seq),
        phase: decision.phase,
        cfu: decision.cfu,
        ...(decision.detail !== undefined ? { detail: decision.detail } : {}),
        ...(decision.flinkJobId !== undefined ? { flinkJobId: decision.flinkJobId } : {}),
        ...(decision.savepointPath !== undefined ? { savepointPath: decision.savepointPath } : {}),
        ...(decision.startTime !== undefined ? { startTime: decision.startTime } : {}),
        ...(decision.endTime !== undefined ? { endTime: decision.endTime } : {}),
        ...(traits !== undefined ? { traits } : {}),
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }
}
