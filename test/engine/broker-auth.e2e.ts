/**
 * The local broker (infra/engine.sh) authenticates every client: anonymous and wrong-credential
 * clients are refused, the control plane's own identity (libs/config) is served.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig, type KafkaSasl } from '#config';
import { controlPlaneSasl } from '#contracts';

const engine = loadConfig().engine;

function client(sasl?: KafkaSasl): Kafka {
  return new Kafka({
    clientId: 'cflink-broker-auth-test',
    brokers: engine.kafkaBrokers,
    sasl,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 0 },
  });
}

async function listTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

describe('broker authentication', () => {
  it('serves the control plane identity', async () => {
    assert.ok(Array.isArray(await listTopics(client(controlPlaneSasl(engine)))));
  });

  it('refuses an anonymous client', async () => {
    await assert.rejects(listTopics(client()));
  });

  it('refuses a wrong password and an unknown user', async () => {
    await assert.rejects(
      listTopics(client({ ...controlPlaneSasl(engine), password: `${engine.kafkaSasl.password}x` })),
      {
        name: 'KafkaJSSASLAuthenticationError',
      },
    );
    await assert.rejects(
      listTopics(client({ mechanism: 'scram-sha-512', username: 'sa-nobody', password: 'whatever-password' })),
      { name: 'KafkaJSSASLAuthenticationError' },
    );
  });
});
