/**
 * The clients of the two transports between scheduler and workers, built the same way on both
 * sides: BullMQ over Redis for commands, Kafka for reports.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { ConnectionOptions } from 'bullmq';
import { STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC } from './engine-reports';

/** BullMQ needs maxRetriesPerRequest null on blocking connections (workers). */
export function queueConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

export function kafkaClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.ERROR });
}

/** The report topics; the broker does not create topics on first use (infra/README.md). */
export async function ensureReportTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin
        .createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: 6 })), waitForLeaders: true })
        .catch((e: Error) => {
          // Another process created it between our list and create.
          if (!/already exists/i.test(e.message)) throw e;
        });
    }
  } finally {
    await admin.disconnect();
  }
}
