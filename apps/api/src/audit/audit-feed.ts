import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { controlPlaneSasl } from '#contracts';

/** Kafka topic of the audit feed: one JSON record per audit event, keyed by organization. */
export const AUDIT_EVENTS_TOPIC = 'cflink.audit-events';
/** Events waiting for Kafka at most; beyond, the oldest are dropped (PostgreSQL has them all). */
const MAX_PENDING = 10_000;

export interface AuditRecord {
  id: string;
  time: string;
  organizationId: string | null;
  principal: string | null;
  apiKeyId: string | null;
  action: string;
  resourceName: string | null;
  path: string;
  requestId: string;
  status: number;
  clientAddress: string | null;
}

/**
 * Publishes audit events to Kafka for consumers outside the control plane (SIEMs, alerting).
 * PostgreSQL stays the record: publishing is best-effort and fails open, with one warning per
 * outage, so an unreachable Kafka never fails or slows a request.
 */
@Injectable()
export class AuditFeed implements OnModuleDestroy {
  private readonly logger = new Logger('AuditFeed');
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private warned = false;
  private readonly pending: AuditRecord[] = [];
  private sending: Promise<void> | null = null;

  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    this.kafka = new Kafka({
      clientId: 'cflink-api-audit',
      brokers: config.engine.kafkaBrokers,
      sasl: controlPlaneSasl(config.engine),
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 200 },
    });
  }

  publish(record: AuditRecord): void {
    if (this.pending.length >= MAX_PENDING) this.pending.shift(); // Kafka down for long: keep the newest
    this.pending.push(record);
    this.sending ??= this.sendPending();
  }

  /**
   * One send at a time, of everything published meanwhile: under load a send carries many
   * events (in their order) instead of one round trip each.
   */
  private async sendPending(): Promise<void> {
    try {
      await this.sendBatches();
    } finally {
      this.sending = null; // in the same step that found nothing pending, so no event is left behind
    }
  }

  private async sendBatches(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        const producer = await this.connected();
        await producer.send({
          topic: AUDIT_EVENTS_TOPIC,
          messages: batch.map((r) => ({ key: r.organizationId ?? 'unauthenticated', value: JSON.stringify(r) })),
        });
        this.warned = false;
      } catch (e) {
        this.producer = null;
        if (!this.warned) {
          this.logger.warn(`audit feed unavailable (events stay in PostgreSQL): ${(e as Error).message}`);
        }
        this.warned = true;
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.sending;
    const producer = await this.producer?.catch(() => null);
    await producer?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic: AUDIT_EVENTS_TOPIC, numPartitions: 3 }] });
      } finally {
        await admin.disconnect();
      }
      const producer = this.kafka.producer({ idempotent: true });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }
}
