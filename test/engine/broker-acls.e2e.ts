/**
 * Layer 3 of the tenant boundary on the real broker: statement jobs run with their principal's
 * broker credentials, whose ACLs mirror its role bindings, so a statement that gets past the
 * worker's checks to another environment's topic is refused by Kafka; and a Kafka cluster API key
 * (`spec.resource` = `lkc-…`) lets an ordinary Kafka client use its owner's tables and nothing else.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { CflinkClient, Schemas } from '#client';
import { loadConfig, type CflinkConfig } from '#config';
import { controlPlaneSasl, kafkaClient, STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC } from '#contracts';
import { derivedKafkaPassword } from '#domain';
import { PrismaService } from '#db';
import { startScheduler } from '#scheduler/scheduler-app';
import { startWorker } from '#worker/worker-app';
import { bind, createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { until } from './until';

const REGIONS = 'AWS:us-east-1,AWS:ap-brokertest-1';
/** Written only by the control plane's own identity (docs/architecture.md, layer 3). */
const CONTROL_PLANE_TOPICS = [STATEMENT_EVENTS_TOPIC, STATEMENT_METRICS_TOPIC, 'cflink.audit-events'];

describe('broker ACLs: statements run as their principal, cluster API keys', () => {
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let envA: string;
  let envB: string;
  const pools = new Map<string, string>();
  let sa: string;
  let config: CflinkConfig;
  let scheduler: INestApplicationContext;
  let worker: INestApplicationContext;
  let admin: Admin;
  let kafka: Kafka;

  const cluster = (env: string) => `lkc-${env.replace(/^env-/, '')}`;
  const clusterCrn = (env: string) =>
    `crn://confluent.cloud/organization=${org}/environment=${env}/cloud-cluster=${cluster(env)}/kafka=${cluster(env)}`;
  const statements = (env: string) => ({ params: { path: { organization_id: org, environment_id: env } } });

  async function submit(env: string, statement: string, principal?: string): Promise<Schemas['Statement']> {
    const name = unique('s');
    const body = { name, spec: { statement, compute_pool_id: pools.get(env), ...(principal ? { principal } : {}) } };
    return ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statements(env),
        body,
      }),
    );
  }

  async function settle(env: string, name: string, phases: string[]): Promise<Schemas['Statement']> {
    const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
    return until(`${name} to be ${phases.join(' or ')}`, async () => {
      const s = ok(await c.GET(path, { params: { path: { ...statements(env).params.path, statement_name: name } } }));
      return phases.includes(s.status.phase) ? s : undefined;
    });
  }

  /** What the API says of a failed or degraded statement: detail and exceptions. */
  async function failure(env: string, s: Schemas['Statement']): Promise<string> {
    const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
    const params = { params: { path: { ...statements(env).params.path, statement_name: s.name! } } };
    const exceptions = ok(await c.GET(`${path}/exceptions`, params));
    return JSON.stringify([s.status.detail, exceptions]);
  }

  async function committed(topic: string, sasl = controlPlaneSasl(config.engine)): Promise<string[]> {
    const consumer = new Kafka({
      clientId: 'acl-test',
      brokers: config.engine.kafkaBrokers,
      sasl,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `count-${randomUUID()}`, readUncommitted: false });
    await consumer.connect();
    const values: string[] = [];
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void values.push(String(message.value)) });
      await new Promise((r) => setTimeout(r, 4000));
    } finally {
      await consumer.disconnect();
    }
    return values;
  }

  before(async () => {
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    envA = (await createEnvironment(c)).id;
    envB = (await createEnvironment(c)).id;
    config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: 'AWS:ap-brokertest-1',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-acl-test-${randomUUID().slice(0, 8)}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
      CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
    });
    kafka = kafkaClient(config.engine, 'acl-test', logLevel.NOTHING);
    admin = kafka.admin();
    await admin.connect();
    scheduler = await startScheduler(config, ['error']);
    worker = await startWorker(config, ['error']);
    const pool = { display_name: unique('pool'), cloud: 'AWS', region: 'ap-brokertest-1', max_cfu: 10 as const };
    for (const env of [envA, envB]) {
      const body = { spec: { ...pool, display_name: unique('pool'), environment: { id: env } } };
      pools.set(env, ok(await c.POST('/fcpm/v2/compute-pools', { body })).id);
    }
    sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } })).id!;
    // The service account may read and write environment A's tables, nothing of environment B.
    await bind(c, sa, 'DeveloperRead', `${clusterCrn(envA)}/topic=*`);
    await bind(c, sa, 'DeveloperWrite', `${clusterCrn(envA)}/topic=*`);
  });

  after(async () => {
    await worker?.close();
    await scheduler?.close();
    await admin?.disconnect();
    await api?.close();
  });

  it("refuses at the broker a statement that reaches another environment's topic past the worker's checks", async () => {
    // Environment B's table, with a record in it.
    const secret = await submit(envB, 'CREATE TABLE secret (v STRING)');
    await settle(envB, secret.name!, ['COMPLETED']);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: `${cluster(envB)}.secret`, messages: [{ value: JSON.stringify({ v: 'b-only' }) }] });
    await producer.disconnect();

    // Allowed: the principal's job writes its own environment's table with its own credentials.
    await settle(envA, (await submit(envA, 'CREATE TABLE mine (v STRING)')).name!, ['COMPLETED']);
    const own = await submit(envA, "INSERT INTO mine VALUES ('a')", sa);
    await settle(envA, own.name!, ['COMPLETED']);
    assert.deepEqual(await committed(`${cluster(envA)}.mine`), [JSON.stringify({ v: 'a' })]);

    // A gap in layer 2, simulated: environment A's table `bent` is stored on environment B's topic.
    await settle(envA, (await submit(envA, 'CREATE TABLE bent (v STRING)')).name!, ['COMPLETED']);
    await api.app.get(PrismaService).catalogTable.updateMany({
      where: { environmentId: envA, name: 'bent' },
      data: { topic: `${cluster(envB)}.secret` },
    });
    const write = await submit(envA, "INSERT INTO bent VALUES ('leak')", sa);
    const refused = await settle(envA, write.name!, ['FAILED', 'DEGRADED']);
    const writeFailure = await failure(envA, refused);
    assert.match(writeFailure, /TopicAuthorizationException/);
    const read = await submit(envA, 'INSERT INTO mine SELECT v FROM bent', sa);
    const readRefused = await settle(envA, read.name!, ['FAILED', 'DEGRADED']);
    const readFailure = await failure(envA, readRefused);
    assert.match(readFailure, /TopicAuthorizationException/);
    for (const s of [write, read]) {
      await c.DELETE(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        {
          params: { path: { ...statements(envA).params.path, statement_name: s.name! } },
        },
      );
    }
    assert.deepEqual(await committed(`${cluster(envB)}.secret`), [JSON.stringify({ v: 'b-only' })]);
    assert.deepEqual(await committed(`${cluster(envA)}.mine`), [JSON.stringify({ v: 'a' })]);
    // No credential in what the API shows.
    const shown = JSON.stringify([refused, readRefused, writeFailure, readFailure]);
    assert.ok(!/password="[^[]/.test(shown) && !shown.includes(config.engine.kafkaCredentialKey));
  });

  it("keeps a statement principal's own broker credentials off the control plane's topics", async () => {
    // The service account ran a statement above, so it is a SCRAM user with the job's password.
    const password = derivedKafkaPassword(config.engine.kafkaCredentialKey, 'principal', sa);
    const client = new Kafka({
      clientId: 'principal-test',
      brokers: config.engine.kafkaBrokers,
      sasl: { mechanism: 'scram-sha-512', username: sa, password },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic: `${cluster(envA)}.mine`, messages: [{ value: JSON.stringify({ v: 'direct' }) }] });
    for (const topic of [...CONTROL_PLANE_TOPICS, `${cluster(envB)}.secret`]) {
      await assert.rejects(producer.send({ topic, messages: [{ value: '{}' }] }), /authoriz/i, topic);
    }
    await producer.disconnect();
    // Transactional ids: under its own prefix (its statements' sinks), nowhere else. kafkajs
    // reports the broker's refusal only in its log (as a coordinator not found), so it is read there.
    const transaction = async (transactionalId: string) => {
      const refusals: string[] = [];
      const logged = new Kafka({
        clientId: 'principal-test-tx',
        brokers: config.engine.kafkaBrokers,
        sasl: { mechanism: 'scram-sha-512', username: sa, password },
        logLevel: logLevel.DEBUG,
        logCreator: () => (entry) => {
          const error = (entry.log as { error?: unknown }).error;
          if (typeof error === 'string') refusals.push(error);
        },
      });
      const p = logged.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
      await p.connect();
      try {
        const tx = await p.transaction();
        await tx.send({ topic: `${cluster(envA)}.mine`, messages: [{ value: JSON.stringify({ v: 'aborted' }) }] });
        await tx.abort();
      } catch (e) {
        throw new Error(`${(e as Error).message}: ${refusals.join('; ')}`);
      } finally {
        await p.disconnect();
      }
    };
    await transaction(`cflink-${sa}-${randomUUID()}-mine`);
    for (const id of [`cflink-${sa}x-mine`, `cflink-u-other-${randomUUID()}-mine`, `${cluster(envA)}.mine`]) {
      await assert.rejects(transaction(id), /Transactional Id authorization failed/, id);
    }
    const consumer = client.consumer({ groupId: `${cluster(envA)}.peek-${randomUUID()}` });
    await consumer.connect();
    await assert.rejects(consumer.subscribe({ topic: STATEMENT_EVENTS_TOPIC, fromBeginning: true }), /authoriz/i);
    await consumer.disconnect();
  });

  it('gives a Kafka client with an lkc- API key its owner rights in that cluster only', async () => {
    await settle(envA, (await submit(envA, 'CREATE TABLE keyed (v STRING)')).name!, ['COMPLETED']);
    await bind(c, sa, 'DeveloperRead', `${clusterCrn(envA)}/group=app*`);
    const created = await c.POST('/iam/v2/api-keys', {
      body: { spec: { owner: { id: sa }, resource: { id: cluster(envA), environment: envA } } },
    });
    assert.equal(created.response.status, 202, JSON.stringify(created.error));
    const key = ok(created);
    assert.equal(key.spec.resource?.kind, 'Cluster');
    const sasl = { mechanism: 'scram-sha-512' as const, username: key.id, password: key.spec.secret! };
    // The key is no API credential.
    assert.equal((await api.client(key.id, key.spec.secret!).GET('/org/v2/environments')).response.status, 401);

    const client = new Kafka({
      clientId: 'key-test',
      brokers: config.engine.kafkaBrokers,
      sasl: { ...sasl },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const producer = client.producer();
    await until(
      'the key to work on the broker',
      async () => {
        await producer.connect();
        await producer.send({ topic: `${cluster(envA)}.keyed`, messages: [{ value: '{"v":"k"}' }] });
        return true;
      },
      30_000,
    );
    for (const topic of [`${cluster(envB)}.secret`, ...CONTROL_PLANE_TOPICS]) {
      await assert.rejects(producer.send({ topic, messages: [{ value: '{}' }] }), /authoriz/i, topic);
    }
    await producer.disconnect();
    const consumer = client.consumer({ groupId: `${cluster(envA)}.app-${randomUUID()}` });
    await consumer.connect();
    const seen: string[] = [];
    await consumer.subscribe({ topic: `${cluster(envA)}.keyed`, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await until('the record to be consumed', async () => (seen.length > 0 ? true : undefined), 30_000);
    await consumer.disconnect();
    assert.deepEqual(seen, ['{"v":"k"}']);
    const other = client.consumer({ groupId: `${cluster(envA)}.app-${randomUUID()}` });
    await other.connect();
    await assert.rejects(other.subscribe({ topic: `${cluster(envB)}.secret`, fromBeginning: true }), /authoriz/i);
    await other.disconnect();

    // Deleting the key removes its broker credential.
    assert.equal((await c.DELETE('/iam/v2/api-keys/{id}', { params: { path: { id: key.id } } })).response.status, 204);
    await until(
      'the key to be refused',
      async () => {
        const a = new Kafka({
          clientId: 'gone',
          brokers: config.engine.kafkaBrokers,
          sasl: { ...sasl },
          logLevel: logLevel.NOTHING,
          retry: { retries: 0 },
        }).admin();
        try {
          await a.connect();
          await a.listTopics();
          return undefined;
        } catch (e) {
          return /SASL|authentication/i.test(String(e)) ? true : undefined;
        } finally {
          await a.disconnect().catch(() => undefined);
        }
      },
      30_000,
    );
  });
});
