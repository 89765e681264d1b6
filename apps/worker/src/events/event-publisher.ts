import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { redactKafkaSecrets } from '#domain';
import {
  ensureReportTopics,
  kafkaClient,
  STATEMENT_EVENTS_TOPIC,
  STATEMENT_METRICS_TOPIC,
  type MetricSample,
  type StatementEvent,
} from '#contracts';

export type EventBody = Omit<StatementEvent, 'version' | 'statementUid' | 'seq' | 'at'>;

/**
 * Publishes statement events, keyed by statement uid so one statement's events stay in order.
 * seq is this worker's clock in microseconds, bumped past the last value it handed out: strictly
 * increasing per worker, and across workers as long as their clocks agree to well under the
 * time between two commands for one statement (adoption with leases is not built yet).
 */
@Injectable()
export class EventPublisher implements OnModuleDestroy {
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private lastSeq = 0;
  /** Once the worker shuts down, nothing may open a producer again (it would keep the process alive). */
  private closed = false;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  nextSeq(): number {
    this.lastSeq = Math.max(Date.now() * 1000, this.lastSeq + 1);
    return this.lastSeq;
  }

  async publish(statementUid: string, body: EventBody): Promise<void> {
    const event: StatementEvent = {
      version: 1,
      statementUid,
      seq: this.nextSeq(),
      at: new Date().toISOString(),
      ...body,
      // Engine errors can quote the DDL that carried the job's broker credentials.
      ...(body.detail !== undefined ? { detail: redactKafkaSecrets(body.detail) } : {}),
      ...(body.exception
        ? { exception: { ...body.exception, message: redactKafkaSecrets(body.exception.message) } }
        : {}),
    };
    const producer = await this.connect();
    await producer.send({
      topic: STATEMENT_EVENTS_TOPIC,
      messages: [{ key: statementUid, value: JSON.stringify(event) }],
    });
  }

  async publishMetrics(sample: MetricSample): Promise<void> {
    const producer = await this.connect();
    await producer.send({
      topic: STATEMENT_METRICS_TOPIC,
      messages: [{ key: sample.statementUid, value: JSON.stringify(sample) }],
    });
  }

  private connect(): Promise<Producer> {
    if (this.closed) return Promise.reject(new Error('The worker is shutting down: it publishes no more events.'));
    this.connecting ??= (async () => {
      const kafka = kafkaClient(this.config.engine, 'cflink-worker');
      await ensureReportTopics(kafka);
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().catch((e: unknown) => {
      this.connecting = null;
      throw e;
    });
    return this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    // A connection still being made is closed too, once made.
    const producer = (await this.connecting?.catch(() => null)) ?? this.producer;
    await producer?.disconnect().catch(() => undefined);
    this.producer = null;
    this.connecting = null;
  }
}
