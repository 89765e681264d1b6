/**
 * Deleting an environment leaves nothing behind: its catalog tables go with it (API transaction),
 * its topics through the scheduler's purge, and reconciliation deletes what a lost purge missed.
 * Real API, scheduler and worker in-process on the real data plane, in a region of their own.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type Admin,
} from 'kafkajs';
import type { CflinkClient } from '#client';
import { loadConfig } from '#config';
import { PrismaService } from '#db';
import { kafkaClient, PURGE_ENVIRONMENT } from '#contracts';
import { kafkaClusterIdOf } from '#domain';
import { startScheduler } from '#scheduler/scheduler-app';
import { startWorker } from '#worker/worker-app';
import { bind, createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { enginePool } from './engine-stack';
import { until } from './until';

const REGIONS = 'AWS:us-east-1,AWS:ap-envdelete-1';

describe('environment deletion removes its tables, topics and broker access', () => {
  let api: TestApi;
  let c: CflinkClient;
  let prisma: PrismaService;
  let admin: Admin;
  let scheduler: INestApplicationContext | undefined;
  let worker: INestApplicationContext | undefined;
  let lost: { env: string; topic: string };
  let brokers: string[];
  const created: string[] = [];

  const deleteEnvironment = async (id: string) =>
    assert.equal((await c.DELETE('/org/v2/environments/{id}', { params: { path: { id } } })).response.status, 204);
  const topics = async () => new Set(await admin.listTopics());
  const createTopic = async (topic: string) => {
    created.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  };
  const gone = (topic: string) =>
    until(`topic ${topic} to be deleted`, async () => ((await topics()).has(topic) ? undefined : true));

  before(async () => {
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    prisma = api.app.get(PrismaService);
    const config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: 'AWS:ap-envdelete-1',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-test-${randomUUID().slice(0, 8)}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_RECONCILE_INTERVAL_MS: '1000',
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
    });
    brokers = config.engine.kafkaBrokers;
    admin = kafkaClient(config.engine, 'cflink-test', logLevel.NOTHING).admin();
    await admin.connect();

    // A purge command lost before any scheduler saw it: its record is marked done, the topic stays.
    const env = (await createEnvironment(c)).id;
    lost = { env, topic: `${kafkaClusterIdOf(env)}.orphan` };
    await createTopic(lost.topic);
    await deleteEnvironment(env);
    const marked = await prisma.outboxCommand.updateMany({
      where: { command: PURGE_ENVIRONMENT, subjectId: env },
      data: { dispatchedAt: new Date() },
    });
    assert.equal(marked.count, 2, 'one purge record per region');

    scheduler = await startScheduler(config, ['error']);
    worker = await startWorker(config, ['error']);
  });

  after(async () => {
    await worker?.close();
    await scheduler?.close();
    await api?.close();
    const left = [...(await topics())].filter((t) => created.includes(t));
    if (left.length > 0) await admin.deleteTopics({ topics: left }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('deletes the catalog rows at once and the topics through the scheduler', async () => {
    const env = (await createEnvironment(c)).id;
    const pool = await enginePool(c, env, 'ap-envdelete-1', 5);
    const path = { organization_id: api.admin.organizationId, environment_id: env };
    const name = unique('create-orders');
    ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path },
        body: { name, spec: { statement: 'CREATE TABLE orders (id BIGINT, label STRING)', compute_pool_id: pool.id } },
      }),
    );
    const item = { params: { path: { ...path, statement_name: name } } };
    const statementPath =
      '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
    await until('the CREATE TABLE to complete', async () => {
      const s = ok(await c.GET(statementPath, item));
      if (s.status.phase === 'FAILED') throw new Error(`CREATE TABLE failed: ${s.status.detail}`);
      return s.status.phase === 'COMPLETED' ? s : undefined;
    });
    const topic = `${kafkaClusterIdOf(env)}.orders`;
    created.push(topic);
    assert.ok((await topics()).has(topic), 'the table has its topic');
    assert.equal(await prisma.catalogTable.count({ where: { environmentId: env } }), 1);

    assert.equal((await c.DELETE(statementPath, item)).response.status, 202);
    await until('the statement to be gone', async () =>
      (await c.GET(statementPath, item)).response.status === 404 ? true : undefined,
    );
    const poolQuery = { params: { path: { id: pool.id }, query: { environment: env } } };
    assert.equal((await c.DELETE('/fcpm/v2/compute-pools/{id}', poolQuery)).response.status, 204);
    await deleteEnvironment(env);

    assert.equal(await prisma.catalogTable.count({ where: { environmentId: env } }), 0, 'catalog rows went with it');
    await gone(topic);
    await until('the purge record of this region to be done', async () => {
      const records = await prisma.outboxCommand.findMany({ where: { command: PURGE_ENVIRONMENT, subjectId: env } });
      const mine = records.find((r) => (r.payload as { flinkRegion?: string }).flinkRegion === 'aws.ap-envdelete-1');
      return mine?.dispatchedAt ? true : undefined;
    });
  });

  it('reconciliation deletes the topics of a lost purge, and topics that appear later', async () => {
    await gone(lost.topic);
    const late = `${kafkaClusterIdOf(lost.env)}.late`;
    await createTopic(late);
    await gone(late);
  });

  it('removes the broker credentials and ACLs only the deleted environment needed', async () => {
    const doomed = (await createEnvironment(c)).id;
    const kept = (await createEnvironment(c)).id;
    const clusterCrn = async (env: string) => {
      const crn = ok(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env } } })).metadata!
        .resource_name!;
      return `${crn}/cloud-cluster=${kafkaClusterIdOf(env)}/kafka=${kafkaClusterIdOf(env)}`;
    };
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('reader') } })).id!;
    for (const env of [doomed, kept]) await bind(c, sa, 'DeveloperRead', `${await clusterCrn(env)}/topic=*`);
    const key = ok(
      await c.POST('/iam/v2/api-keys', {
        body: { spec: { owner: { id: sa }, resource: { id: kafkaClusterIdOf(doomed), environment: doomed } } },
      }),
    );
    // A statement makes the service account a broker identity (its rights reach both clusters).
    const pool = await enginePool(c, kept, 'ap-envdelete-1', 5);
    const path = { organization_id: api.admin.organizationId, environment_id: kept };
    ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path },
        body: { name: unique('show'), spec: { statement: 'SHOW TABLES', compute_pool_id: pool.id, principal: sa } },
      }),
    );
    const prefixes = async (user: string) => {
      const res = await admin.describeAcls({
        principal: `User:${user}`,
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      return new Set(res.resources.map((r) => r.resourceName));
    };
    const login = async () => {
      const client = new Kafka({
        clientId: 'env-delete-key',
        brokers,
        sasl: { mechanism: 'scram-sha-512', username: key.id, password: key.spec.secret! },
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      try {
        await client.connect();
        await client.listTopics();
        return true;
      } catch {
        return false;
      } finally {
        await client.disconnect().catch(() => undefined);
      }
    };
    const inDoomed = `${kafkaClusterIdOf(doomed)}.`;
    const inKept = `${kafkaClusterIdOf(kept)}.`;
    await until('both clusters on the broker', async () => {
      const [mine, keys] = [await prefixes(sa), await prefixes(key.id)];
      return mine.has(inDoomed) && mine.has(inKept) && keys.has(inDoomed) && (await login()) ? true : undefined;
    });

    await deleteEnvironment(doomed);
    await until('the deleted cluster gone from the broker', async () => {
      const [mine, keys] = [await prefixes(sa), await prefixes(key.id)];
      return !mine.has(inDoomed) && keys.size === 0 && !(await login()) ? true : undefined;
    });
    assert.ok((await prefixes(sa)).has(inKept), "the other environment's rights stay");
  });

  it('never touches the topics of an environment that exists', async () => {
    const env = (await createEnvironment(c)).id;
    const topic = `${kafkaClusterIdOf(env)}.kept`;
    await createTopic(topic);
    // Two reconcile intervals pass; the topic stays.
    await new Promise((r) => setTimeout(r, 2500));
    assert.ok((await topics()).has(topic));
    await deleteEnvironment(env);
    await gone(topic);
  });
});
