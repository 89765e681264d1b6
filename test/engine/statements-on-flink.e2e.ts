/**
 * The statement lifecycle end to end: the real API, scheduler and engine worker in-process, and
 * the real data plane (infra/engine.sh). The engine processes serve a region of their own, so
 * statements other test files leave PENDING in the shared database are not theirs to run.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { CflinkClient, Schemas } from '#client';
import { loadConfig, type CflinkConfig } from '#config';
import { PrismaService } from '#db';
import { LeaderLease } from '#scheduler/leader/leader-lease';
import { startScheduler } from '#scheduler/scheduler-app';
import { startWorker } from '#worker/worker-app';
import { createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';

type Statement = Schemas['Statement'];
const REGIONS = 'AWS:us-east-1,AWS:ap-enginetest-1';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

describe('statements on Flink: API + scheduler + worker + data plane', () => {
  const id = randomUUID().slice(0, 8);
  const topics = [`src-${id}`, `sink-${id}`];
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let scheduler: INestApplicationContext;
  let worker: INestApplicationContext;
  let admin: Admin;
  let brokers: string;
  let config: CflinkConfig;

  const base = () => ({ organization_id: org, environment_id: env });
  const item = (name: string) => ({ params: { path: { ...base(), statement_name: name } } });
  const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';

  async function pool(maxCfu: 5 | 10) {
    const body = {
      spec: {
        display_name: unique('pool'),
        cloud: 'AWS',
        region: 'ap-enginetest-1',
        max_cfu: maxCfu,
        environment: { id: env },
      },
    };
    return ok(await c.POST('/fcpm/v2/compute-pools', { body }));
  }

  async function submit(name: string, statement: string, computePoolId: string): Promise<Statement> {
    const res = await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base() },
      body: { name, spec: { statement, compute_pool_id: computePoolId } },
    });
    return ok(res);
  }

  const get = async (name: string) => ok(await c.GET(path, item(name)));
  const phaseOf = (name: string, phase: string) =>
    until(`${name} to be ${phase}`, async () => {
      const s = await get(name);
      if (phase !== 'FAILED' && s.status.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.status.detail}`);
      return s.status.phase === phase ? s : undefined;
    });
  const row = (uid: string) => api.app.get(PrismaService).statement.findUniqueOrThrow({ where: { uid } });
  const currentCfu = async (poolId: string) =>
    ok(await c.GET('/fcpm/v2/compute-pools/{id}', { params: { path: { id: poolId }, query: { environment: env } } }))
      .status.current_cfu;

  async function remove(name: string) {
    await c.DELETE(path, item(name));
    await until(`${name} to be gone`, async () =>
      (await c.GET(path, item(name))).response.status === 404 ? true : undefined,
    );
  }

  const table = (name: string, topic: string) => `CREATE TABLE \`${name}\` (id BIGINT, label STRING) WITH (
    'connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '${brokers}',
    'format' = 'json', 'scan.startup.mode' = 'earliest-offset')`;

  before(async () => {
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    env = (await createEnvironment(c)).id;
    config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: 'AWS:ap-enginetest-1',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-test-${id}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
      CFLINK_WORKER_CONCURRENCY: '3',
    });
    brokers = config.engine.kafkaBrokers.join(',');
    admin = new Kafka({
      clientId: 'cflink-test',
      brokers: config.engine.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    scheduler = await startScheduler(config, ['error']);
    worker = await startWorker(config, ['error']);
  });

  after(async () => {
    await worker?.close();
    await scheduler?.close();
    await api?.close();
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('runs DDL to COMPLETED, an INSERT to RUNNING, stops it with a savepoint and deletes it', async () => {
    const p = await pool(10);
    await submit('src', table('src', topics[0]), p.id);
    await submit('sink', table('sink', topics[1]), p.id);
    const created = await phaseOf('src', 'COMPLETED');
    assert.equal(created.status.traits?.sql_kind, 'CREATE_TABLE');
    await phaseOf('sink', 'COMPLETED');

    const insert = await submit('copy', 'INSERT INTO `sink` SELECT id, label FROM `src`', p.id);
    await phaseOf('copy', 'RUNNING');
    const running = await row(insert.metadata.uid);
    assert.ok(running.cfu >= 1);
    assert.match(running.flinkJobId ?? '', /^[0-9a-f]{32}$/);
    assert.ok((await currentCfu(p.id)) >= 1);

    const read = await get('copy');
    const put = await c.PUT(path, { ...item('copy'), body: { ...read, spec: { ...read.spec, stopped: true } } });
    assert.equal(put.response.status, 202);
    const stopped = await phaseOf('copy', 'STOPPED');
    assert.ok(stopped.status.end_time);
    assert.match((await row(insert.metadata.uid)).savepointPath ?? '', /savepoint/);
    assert.equal(await currentCfu(p.id), 0);

    await remove('copy');
  });

  it('keeps a statement PENDING with POOL_EXHAUSTED while the pool is at max_cfu', async () => {
    const p = await pool(5);
    const names = Array.from({ length: 5 }, (_, i) => `fill-${i}`);
    for (const name of names) await submit(name, 'INSERT INTO `sink` SELECT id, label FROM `src`', p.id);
    for (const name of names) await phaseOf(name, 'RUNNING');
    assert.equal(await currentCfu(p.id), 5);

    await submit('waiting', 'INSERT INTO `sink` SELECT id, label FROM `src`', p.id);
    const waiting = await until('the sixth statement to wait', async () => {
      const s = await get('waiting');
      return s.status.scaling_status?.scaling_state === 'POOL_EXHAUSTED' ? s : undefined;
    });
    assert.equal(waiting.status.phase, 'PENDING');
    assert.match(waiting.status.detail ?? '', /max_cfu/);

    await remove('waiting');
    for (const name of names) await remove(name);
  });

  it('fails a statement the engine rejects, with the engine message in detail', async () => {
    const p = await pool(5);
    await submit('bad', 'INSERT INTO `sink` SELECT id FROM no_such_table', p.id);
    const failed = await phaseOf('bad', 'FAILED');
    assert.match(failed.status.detail ?? '', /no_such_table/);
    assert.equal(await currentCfu(p.id), 0);
  });

  it('lets a second scheduler replica wait for the leader lease', async () => {
    assert.equal(scheduler.get(LeaderLease).isLeader, true);
    const second = await startScheduler(config, ['error']);
    try {
      await new Promise((r) => setTimeout(r, 4 * config.scheduler.intervalMs));
      assert.equal(second.get(LeaderLease).isLeader, false);
    } finally {
      await second.close();
    }
  });
});
