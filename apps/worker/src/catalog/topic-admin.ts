import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { kafkaClient } from '#contracts';

/** Creates and deletes the Kafka topics behind catalog tables. */
@Injectable()
export class TopicAdmin implements OnModuleDestroy {
  private admin: Promise<Admin> | null = null;

  constructor(@Inject(CFLINK_CONFIG) private readonly config: CflinkConfig) {}

  private connect(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = kafkaClient(this.config.engine, 'cflink-worker-catalog').admin();
      await admin.connect();
      return admin;
    })().catch((e: unknown) => {
      this.admin = null;
      throw e;
    });
    return this.admin;
  }

  /** Creates the topic; one that exists already (a retried DDL) is kept as it is. */
  async ensure(topic: string, partitions: number): Promise<void> {
    const admin = await this.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    } catch (e) {
      const message = (e as Error).message;
      if (/already exists/i.test(message)) return;
      // kafkajs waits for leaders but gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker
      // answers until the new topic's metadata reaches it: wait for that instead.
      if (!/does not host this topic-partition/i.test(message)) throw e;
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.fetchTopicMetadata({ topics: [topic] });
          return;
        } catch (again) {
          if (attempt >= 50) throw again;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
  }

  async remove(topic: string): Promise<void> {
    const admin = await this.connect();
    try {
      await admin.deleteTopics({ topics: [topic] });
    } catch (e) {
      if (!/does not host this topic-partition|UNKNOWN_TOPIC/i.test((e as Error).message)) throw e;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const admin = await this.admin?.catch(() => null);
    await admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }
}
