/**
 * The clients of the two transports between scheduler and workers, built the same way on both
 * sides: BullMQ over Redis for commands, Kafka for reports.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { ConnectionOptions } from 'bullmq';
import type { EngineConfig, KafkaSasl } from '#config';
import { STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC } from './engine-reports';

/** BullMQ needs maxRetriesPerRequest null on blocking connections (workers). */
export function queueConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/**
 * kafkajs `sasl` options for the control plane's own identity. A fresh object each time: kafkajs
 * stores its authenticator on the object it is given, so a shared or copied one would carry it.
 */
export function controlPlaneSasl(engine: Pick<EngineConfig, 'kafkaSasl'>): KafkaSasl {
  const { mechanism, username, password } = engine.kafkaSasl;
  return { mechanism, username, password };
}

/**
 * A Kafka client of the control plane: its own identity (SASL/SCRAM), a super user of the broker.
 * Tests pass `logLevel.NOTHING`: the brokers they stop and kill would fill their output.
 */
export function kafkaClient(
  engine: Pick<EngineConfig, 'kafkaBrokers' | 'kafkaSasl'>,
  clientId: string,
  level: logLevel = logLevel.ERROR,
): Kafka {
  return new Kafka({ clientId, brokers: engine.kafkaBrokers, sasl: controlPlaneSasl(engine), logLevel: level });
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
