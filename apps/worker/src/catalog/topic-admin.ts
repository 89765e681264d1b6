import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { deleteTopicsIfPresent, LazyKafkaAdmin } from '#engine';

const LEADER_WAIT_MS = 30_000;

/** Creates and deletes the Kafka topics behind catalog tables. */
@Injectable()
export class TopicAdmin implements OnModuleDestroy {
  private readonly admin: LazyKafkaAdmin;

  constructor(@Inject(CFLINK_CONFIG) config: CflinkConfig) {
    this.admin = new LazyKafkaAdmin(config.engine, 'cflink-worker-catalog');
  }

  private connect(): Promise<Admin> {
    return this.admin.get();
  }

  /** Creates the topic with its config; one that exists already (a retried DDL) gets the config. */
  async ensure(topic: string, partitions: number, config: Record<string, string> = {}): Promise<void> {
    const admin = await this.connect();
    const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions, configEntries }], waitForLeaders: true });
    } catch (e) {
      const message = (e as Error).message;
      if (/already exists/i.test(message)) return this.configure(topic, config);
      // kafkajs gives up waiting for leaders after a few seconds; a busy broker takes longer.
      if (!/does not host this topic-partition|leader/i.test(message)) throw e;
      await this.awaitLeaders(admin, topic, partitions);
    }
  }

  private async awaitLeaders(admin: Admin, topic: string, partitions: number): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      const led = await admin
        .fetchTopicMetadata({ topics: [topic] })
        .then((m) => m.topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0)
        .catch(() => 0);
      if (led >= partitions) return;
      if (Date.now() > deadline)
        throw new Error(`Topic ${topic} has no leader for every partition after ${LEADER_WAIT_MS / 1000} s.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Sets the topic's whole config: what `config` leaves out goes back to the broker's default
   * (kafkajs's alterConfigs replaces a topic's dynamic config).
   */
  async configure(topic: string, config: Record<string, string>): Promise<void> {
    const admin = await this.connect();
    const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries }],
    });
  }

  /** The config set on the topic itself (not the broker's defaults). */
  async topicConfig(topic: string): Promise<Record<string, string>> {
    const admin = await this.connect();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    return Object.fromEntries(
      entries.filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG).map((e) => [e.configName, e.configValue]),
    );
  }

  async remove(topic: string): Promise<void> {
    await deleteTopicsIfPresent(await this.connect(), [topic]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin.close();
  }
}
