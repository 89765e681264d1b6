import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import {
  ensureReportTopics,
  kafkaClient,
  STATEMENT_EVENTS_TOPIC,
  STATEMENT_METRICS_TOPIC,
  type CatalogChange,
  type MetricSample,
  type StatementEvent,
} from '#contracts';
import { PrismaService, type Prisma } from '#db';
import { decideEvent, type StatementPhase } from '#domain';
import { StatementMetricsStore } from '../metrics/statement-metrics-store';

async function applyCatalogChange(
  tx: Prisma.TransactionClient,
  row: { uid: string; environmentId: string },
  change: CatalogChange,
): Promise<void> {
  const key = { environmentId: row.environmentId, databaseId: change.databaseId, name: change.table };
  if (change.op === 'drop') {
    await tx.catalogTable.deleteMany({ where: key });
    return;
  }
  const data = {
    definition: change.definition,
    topic: change.topic,
    partitions: change.partitions,
    statementUid: row.uid,
  };
  await tx.catalogTable.upsert({
    where: { environmentId_databaseId_name: key },
    create: { ...key, ...data },
    update: data,
  });
}

/** Reads the workers' statement events (once each, by seq) and metric samples from Kafka into PostgreSQL. */
@Injectable()
export class StatementEventConsumer implements OnModuleDestroy {
  private readonly logger = new Logger(StatementEventConsumer.name);
  private consumer: Consumer | null = null;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly metrics: StatementMetricsStore,
  ) {}

  async start(): Promise<void> {
    if (this.consumer) return;
    const kafka = kafkaClient(this.config.engine, 'cflink-scheduler');
    await ensureReportTopics(kafka);
    const consumer = kafka.consumer({ groupId: this.config.scheduler.eventsConsumerGroup });
    this.consumer = consumer;
    await consumer.connect();
    // From the beginning for a new group: events published before it first joined still count.
    await consumer.subscribe({ topics: [STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        if (topic === STATEMENT_METRICS_TOPIC) {
          try {
            await this.metrics.apply(JSON.parse(message.value.toString()) as MetricSample);
          } catch (e) {
            this.logger.warn(`skipping a metric sample at offset ${message.offset}: ${(e as Error).message}`);
          }
          return;
        }
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
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.statement.deleteMany({ where });
        if (count === 0) return;
        await tx.statementResultRow.deleteMany({ where: { statementUid: row.uid } });
        await tx.statementException.deleteMany({ where: { statementUid: row.uid } });
      });
      return;
    }
    const traits =
      decision.sqlKind || event.traits
        ? ({
            ...((row.traits as Prisma.JsonObject | null) ?? {}),
            ...(event.traits ?? {}),
            ...(decision.sqlKind ? { sql_kind: decision.sqlKind } : {}),
          } as Prisma.InputJsonValue)
        : undefined;
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.statement.updateMany({
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
          ...(event.tableUses ? { tableUses: event.tableUses as unknown as Prisma.InputJsonValue } : {}),
          ...(event.latestOffsets
            ? { latestOffsets: event.latestOffsets, latestOffsetsTimestamp: new Date(event.at) }
            : {}),
        },
      });
      // The table changes with the phase that reports it: whoever sees COMPLETED can use it.
      if (count === 1 && event.catalog) await applyCatalogChange(tx, row, event.catalog);
      if (count === 1 && event.exception) {
        await tx.statementException.create({
          data: {
            statementUid: row.uid,
            name: event.exception.name.slice(0, 500),
            message: event.exception.message.slice(0, 8000),
            createdAt: new Date(event.at),
          },
        });
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }
}
