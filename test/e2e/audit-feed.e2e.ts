import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { controlPlaneSasl } from '#contracts';
import { AUDIT_EVENTS_TOPIC, type AuditRecord } from '#api/audit/audit-feed';
import { startApi, type TestApi } from './harness';

describe('audit feed on Kafka', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('publishes each mutation, with its request id and without secrets, keyed by organization', async () => {
    const auth = 'Basic ' + Buffer.from(`${api.admin.apiKey}:${api.admin.secret}`).toString('base64');
    const res = await fetch(`${api.baseUrl}/org/v2/environments`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ display_name: 'audited' }),
    });
    assert.equal(res.status, 201);
    const requestId = res.headers.get('x-request-id')!;

    const kafka = new Kafka({
      clientId: 'audit-test',
      brokers: api.config.engine.kafkaBrokers,
      sasl: controlPlaneSasl(api.config.engine),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `audit-test-${randomUUID()}` });
    await consumer.connect();
    // The API creates the topic on first publish; wait for it before subscribing.
    const admin = kafka.admin();
    await admin.connect();
    for (let i = 0; i < 60 && !(await admin.listTopics()).includes(AUDIT_EVENTS_TOPIC); i++) {
      await new Promise((r) => setTimeout(r, 500));
    }
    await admin.disconnect();
    await consumer.subscribe({ topic: AUDIT_EVENTS_TOPIC, fromBeginning: true });
    const found = await new Promise<{ key: string; raw: string; record: AuditRecord }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no audit record for request ${requestId}`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const raw = String(message.value);
          const record = JSON.parse(raw) as AuditRecord;
          if (record.requestId === requestId) {
            clearTimeout(timer);
            resolve({ key: String(message.key), raw, record });
          }
        },
      });
    });
    await consumer.disconnect();
    assert.equal(found.key, api.admin.organizationId);
    assert.equal(found.record.action, 'createEnvironment');
    assert.equal(found.record.status, 201);
    assert.equal(found.record.principal, api.admin.adminUserId);
    assert.equal(found.record.apiKeyId, api.admin.apiKey);
    assert.ok(!found.raw.includes(api.admin.secret), 'the secret must never reach the feed');
  });
});
