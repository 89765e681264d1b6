import type { Admin } from 'kafkajs';
import type { EngineConfig } from '#config';
import { kafkaClient } from '#contracts';

/**
 * A Kafka admin client connected on first use and shared by its callers; a failed connection is
 * dropped so the next call tries again.
 */
export class LazyKafkaAdmin {
  private admin: Promise<Admin> | null = null;

  constructor(
    private readonly engine: Pick<EngineConfig, 'kafkaBrokers' | 'kafkaSasl'>,
    private readonly clientId: string,
  ) {}

  get(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = kafkaClient(this.engine, this.clientId).admin();
      await admin.connect();
      return admin;
    })().catch((e: unknown) => {
      this.admin = null;
      throw e;
    });
    return this.admin;
  }

  async close(): Promise<void> {
    const admin = await this.admin?.catch(() => null);
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }
}

/** Deletes `topics`; ones already gone are fine. */
export async function deleteTopicsIfPresent(admin: Admin, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  try {
    await admin.deleteTopics({ topics });
  } catch (e) {
    if (!/does not host this topic-partition|UNKNOWN_TOPIC/i.test((e as Error).message)) throw e;
  }
}
