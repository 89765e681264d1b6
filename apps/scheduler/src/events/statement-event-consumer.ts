import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { CFLINK_CONFIG, hop, type CflinkConfig } from '#config';
import {
  ensureReportTopics,
  kafkaClient,
  MetricSampleContract,
  STATEMENT_EVENTS_TOPIC,
  STATEMENT_METRICS_TOPIC,
  StatementEventContract,
  type CatalogChange,
  type MessageContract,
  type MetricSample,
  type StatementEvent,
} from '#contracts';
import { PrismaService, type Prisma, type Statement } from '#db';
import { decideEvent, kafkaClusterIdOf } from '#domain';
import { StatementMetricsStore } from '../metrics/statement-metrics-store';
import { applyPlainEvents, plainEvent, type PlainEvent } from './plain-event-batch';
import { NotificationEmitter } from '../notifications/notification-emitter';

/** Metric samples stored per transaction. */
const SAMPLE_CHUNK = 500;
/** Plain statement events applied per statement. */
const PLAIN_CHUNK = 500;

async function applyCatalogChange(
  tx: Prisma.TransactionClient,
  row: { uid: string; environmentId: string },
  change: CatalogChange,
  { onlyIfMissing = false } = {},
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
    update: onlyIfMissing ? {} : data,
  });
}

/**
 * PostgreSQL text cannot hold NUL: an engine message quoting a record's bytes would otherwise
 * fail the write, and the consumer would retry that event forever.
 */
function withoutNul(event: StatementEvent): StatementEvent {
  const clean = (s: string) => s.replaceAll('\u0000', '\\u0000');
  return {
    ...event,
    ...(event.detail !== undefined ? { detail: clean(event.detail) } : {}),
    ...(event.exception
      ? { exception: { name: clean(event.exception.name), message: clean(event.exception.message) } }
      : {}),
  };
}

/** Reads the workers' statement events (once each, by seq) and metric samples from Kafka into PostgreSQL. */
@Injectable()
export class StatementEventConsumer implements OnModuleDestroy {
  /** Set at shutdown: no consumer is made after it. */
  private closed = false;
  private readonly logger = new Logger(StatementEventConsumer.name);
  private consumer: Consumer | null = null;

  constructor(
    @Inject(CFLINK_CONFIG) private readonly config: CflinkConfig,
    private readonly prisma: PrismaService,
    private readonly metrics: StatementMetricsStore,
    private readonly notifications: NotificationEmitter,
  ) {}

  async start(): Promise<void> {
    if (this.consumer || this.closed) return;
    const kafka = kafkaClient(this.config.engine, 'cflink-scheduler');
    await ensureReportTopics(kafka);
    // Closed while the topics were checked (a pass in progress at shutdown): a consumer made now
    // would never be disconnected and keep the process's sockets open.
    if (this.closed || this.consumer) return;
    const consumer = kafka.consumer({ groupId: this.config.scheduler.eventsConsumerGroup });
    this.consumer = consumer;
    await consumer.connect();
    // From the beginning for a new group: events published before it first joined still count.
    await consumer.subscribe({ topics: [STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC], fromBeginning: true });
    // A message rejected here is logged and skipped: resolving its offset commits past it.
    await consumer.run({
      // Partitions hold disjoint statements (messages are keyed by statement): a few at once keep
      // up with thousands of statements reporting, each partition still in order.
      partitionsConsumedConcurrently: 4,
      // Offsets are resolved here, message by message: a batch cut short resumes where it stopped.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (batch.topic === STATEMENT_METRICS_TOPIC) {
          const at = `${batch.topic}[${batch.partition}]`;
          const samples: MetricSample[] = [];
          for (const message of batch.messages) {
            const sample = this.read(MetricSampleContract, message, `${at}@${message.offset}`);
            if (sample) samples.push(sample);
          }
          await this.storeSamples(samples, at);
          if (batch.messages.length > 0) resolveOffset(batch.lastOffset());
          await heartbeat();
          return;
        }
        const events = batch.messages.map((message) => {
          const at = `${batch.topic}[${batch.partition}]@${message.offset}`;
          return { message, at, event: this.read(StatementEventContract, message, at) };
        });
        // The batch's rows in one read: each statement's first event here applies against it, the
        // plain ones (the engine's periodic reports) together in one statement.
        const uids = [...new Set(events.flatMap(({ event }) => (event ? [event.statementUid] : [])))];
        const rows = new Map(
          (await this.prisma.statement.findMany({ where: { uid: { in: uids } } })).map((r) => [r.uid, r]),
        );
        const seen = new Set<string>();
        let plain: PlainEvent[] = [];
        let unresolved: string | null = null;
        // Offsets are resolved once the events before them are applied, the pending plain ones included.
        const flush = async (resolve = true) => {
          for (const missed of await applyPlainEvents(this.prisma, plain)) await this.apply(missed.event, missed.at);
          plain = [];
          if (resolve && unresolved !== null) resolveOffset(unresolved);
          unresolved = null;
          await heartbeat();
        };
        for (const { message, at, event } of events) {
          // The batch is cut short: what was read is applied (idempotent), its offsets left to the next owner.
          if (!isRunning() || isStale()) return flush(false);
          if (event) {
            const uid = event.statementUid;
            const first = !seen.has(uid);
            seen.add(uid);
            const row = first ? (rows.get(uid) ?? null) : undefined;
            const simple = row ? plainEvent(withoutNul(event), at, row) : null;
            if (simple) {
              plain.push(simple);
              if (plain.length >= PLAIN_CHUNK) await flush();
            } else {
              // A later event of a statement reads the row its predecessors wrote.
              if (plain.some((p) => p.row.uid === uid)) await flush();
              await this.apply(event, at, row);
            }
          }
          unresolved = message.offset;
          if (plain.length === 0) await flush();
        }
        await flush();
      },
    });
  }

  /** Samples in chunks, each one transaction; a chunk that fails is retried sample by sample, skipping those that fail. */
  private async storeSamples(samples: MetricSample[], at: string): Promise<void> {
    for (let i = 0; i < samples.length; i += SAMPLE_CHUNK) {
      const chunk = samples.slice(i, i + SAMPLE_CHUNK);
      try {
        await this.metrics.applyBatch(chunk);
      } catch {
        for (const sample of chunk) {
          await this.metrics.apply(sample).catch((e: Error) => {
            this.logger.warn(`skipping a metric sample of ${sample.statementUid} from ${at}: ${e.message}`);
          });
        }
      }
    }
  }

  /** The message if its contract accepts it and it is keyed by its statement; else logged once and null. */
  private read<T extends { statementUid: string }>(
    contract: MessageContract<T>,
    message: KafkaMessage,
    at: string,
  ): T | null {
    const read = message.value ? contract.read(message.value) : { ok: false as const, reason: 'empty message' };
    if (read.ok && message.key?.toString() === read.value.statementUid) return read.value;
    const reason = read.ok ? `${contract.name} keyed by another statement` : read.reason;
    this.logger.warn(`rejected the message at ${at}: ${reason}`);
    return null;
  }

  /**
   * Applies one event (validated by its contract); exported for reuse by reconciliation. Idempotent.
   * `read`: the statement's row as read earlier with the event's batch (null: none); the writes
   * then apply only if the row is unchanged since (its version and update time), else the event
   * is applied afresh.
   */
  async apply(received: StatementEvent, at = 'a direct call', read?: Statement | null): Promise<void> {
    const event = withoutNul(received);
    const row =
      read !== undefined ? read : await this.prisma.statement.findUnique({ where: { uid: event.statementUid } });
    // Deleted, or another deployment's statement sharing this Kafka (a row never comes back).
    if (!row) return;
    const changes = [...(event.catalog ? [event.catalog] : []), ...(event.deadLetterTables ?? [])];
    if (changes.some((c) => c.databaseId !== kafkaClusterIdOf(row.environmentId))) {
      this.logger.warn(`rejected the message at ${at}: catalog change outside the statement's environment`);
      return;
    }
    const decision = decideEvent(
      {
        phase: row.phase,
        stopped: row.stopped,
        lastEventSeq: Number(row.lastEventSeq),
        startTime: row.startTime,
      },
      { ...event, at: new Date(event.at) },
    );
    // The seq guard in each write makes a concurrent or replayed event a no-op; a row read with
    // the batch must also be as it was read, or the event is decided again on a fresh read.
    const where = {
      uid: row.uid,
      lastEventSeq: { lt: BigInt(event.seq) },
      ...(read ? { resourceVersion: row.resourceVersion, updatedAt: row.updatedAt } : {}),
    };
    const again = async (count: number) => {
      if (count === 0 && read) await this.apply(received, at);
    };
    if (decision.kind === 'ignore') return;
    if (decision.kind === 'remove') {
      const removed = await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.statement.deleteMany({ where });
        if (count === 0) return 0;
        await tx.statementResultRow.deleteMany({ where: { statementUid: row.uid } });
        await tx.statementException.deleteMany({ where: { statementUid: row.uid } });
        return count;
      });
      return again(removed);
    }
    const traits =
      decision.sqlKind || event.traits
        ? ({
            ...((row.traits as Prisma.JsonObject | null) ?? {}),
            ...(event.traits ?? {}),
            ...(decision.sqlKind ? { sql_kind: decision.sqlKind } : {}),
          } as Prisma.InputJsonValue)
        : undefined;
    const data = {
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
    };
    const phase = decision.phase;
    // Once per occurrence: only the event that changes the phase to FAILED or DEGRADED notifies.
    const notifies = phase !== row.phase && (phase === 'FAILED' || phase === 'DEGRADED');
    if (!event.catalog && !event.deadLetterTables?.length && !event.exception && !notifies) {
      // The engine's periodic reports: one statement, no transaction of several.
      return again((await this.prisma.statement.updateMany({ where, data })).count);
    }
    const { count, notify } = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.statement.updateMany({ where, data });
      // The table changes with the phase that reports it: whoever sees COMPLETED can use it.
      if (count === 1 && event.catalog) await applyCatalogChange(tx, row, event.catalog);
      // A dead-letter table created on first use never replaces one created since (by a user or a job).
      for (const table of count === 1 ? (event.deadLetterTables ?? []) : []) {
        await applyCatalogChange(tx, row, table, { onlyIfMissing: true });
      }
      if (count === 1 && event.exception) {
        await tx.statementException.create({
          data: {
            statementUid: row.uid,
            name: event.exception.name,
            message: event.exception.message,
            createdAt: new Date(event.at),
          },
        });
      }
      if (count === 1 && notifies) {
        const detail = decision.detail ?? row.detail;
        const ids = await this.notifications.phaseChanged(tx, row, phase, detail, event.seq, new Date(event.at));
        return { count, notify: ids };
      }
      return { count, notify: [] };
    });
    hop(row.uid, 'applied');
    await this.notifications.enqueue(notify);
    await again(count);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }
}
