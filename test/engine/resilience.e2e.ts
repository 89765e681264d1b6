/**
 * Running statements survive what production throws at them, on the real data plane: stop and
 * resume (onto another pool) with exactly-once output, an engine worker killed with SIGKILL
 * (another worker adopts the running job, no second job), Redis losing every queued command
 * (reconciled from PostgreSQL), a job that keeps restarting (DEGRADED) and metric samples.
 *
 * Engine workers run as child processes (`node dist/apps/worker/src/main.js`) so one can be
 * killed; the API and the scheduler run in-process. Everything here uses a region and a Redis
 * database of its own.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import type { CflinkClient, Schemas } from '#client';
import { loadConfig, type CflinkConfig } from '#config';
import { kafkaClient } from '#contracts';
import { PrismaService } from '#db';
import { startScheduler } from '#scheduler/scheduler-app';
import { createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { until } from './until';
import { activeFlinkJobs, spawnWorker } from './worker-processes';

type Statement = Schemas['Statement'];
const REGIONS = 'AWS:us-east-1,AWS:ap-resilience-1';
const REDIS_URL = `${(process.env.CFLINK_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d+$/, '')}/7`;
const FLINK = loadConfig().engine.flinkRestUrl;

describe('resilience: stop/resume, worker death, Redis loss, restarts, metrics', () => {
  const id = randomUUID().slice(0, 8);
  const copy = `copy-${id}`;
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let config: CflinkConfig;
  let scheduler: INestApplicationContext;
  const workers: ChildProcess[] = [];
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;
  let redis: Redis;
  const seen = new Map<number, number>();
  let produced = 0;

  const base = () => ({ organization_id: org, environment_id: env });
  const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
  const item = (name: string) => ({ params: { path: { ...base(), statement_name: name } } });
  const get = async (name: string) => ok(await c.GET(path, item(name)));
  const topicOf = (table: string) => `lkc-${env.replace(/^env-/, '')}.${table}`;
  const prisma = () => api.app.get(PrismaService);
  const phaseOf = (name: string, phase: string, timeoutMs?: number) =>
    until(
      `${name} to be ${phase}`,
      async () => {
        const s = await get(name);
        if (phase !== 'FAILED' && s.status.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.status.detail}`);
        return s.status.phase === phase ? s : undefined;
      },
      timeoutMs,
    );

  async function pool(): Promise<string> {
    const body = {
      spec: {
        display_name: unique('pool'),
        cloud: 'AWS',
        region: 'ap-resilience-1',
        max_cfu: 10 as const,
        environment: { id: env },
      },
    };
    return ok(await c.POST('/fcpm/v2/compute-pools', { body })).id!;
  }

  async function submit(name: string, statement: string, computePoolId: string): Promise<Statement> {
    const res = await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base() },
      body: { name, spec: { statement, compute_pool_id: computePoolId } },
    });
    return ok(res);
  }

  async function put(name: string, change: (s: Statement) => Statement): Promise<void> {
    const read = await get(name);
    const res = await c.PUT(path, { ...item(name), body: change(read) });
    assert.equal(res.response.status, 202, JSON.stringify(res.error));
  }

  function startWorker(): ChildProcess {
    const child = spawnWorker('ap-resilience-1', REDIS_URL, { CFLINK_METRICS_INTERVAL_MS: '2000' });
    workers.push(child);
    return child;
  }

  async function produce(count: number, topic = topicOf('src')): Promise<void> {
    const messages = Array.from({ length: count }, () => ({ value: JSON.stringify({ id: produced++ }) }));
    await producer.send({ topic, messages });
  }

  /** Every id produced so far has reached `dst`, each exactly once. */
  async function exactlyOnce(): Promise<void> {
    await until(`all ${produced} records in dst`, async () => (seen.size === produced ? true : undefined), 150_000);
    // One more checkpoint (10 s) for a duplicate to show up if there were one.
    await new Promise((r) => setTimeout(r, 12_000));
    const duplicates = [...seen].filter(([, n]) => n > 1);
    assert.deepEqual(duplicates, []);
    assert.equal(seen.size, produced);
  }

  const jobsNamed = (name: string) => activeFlinkJobs(FLINK, name);

  before(async () => {
    redis = new Redis(REDIS_URL);
    await redis.flushdb();
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    env = (await createEnvironment(c)).id;
    config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: 'AWS:ap-resilience-1',
      CFLINK_REDIS_URL: REDIS_URL,
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-resilience-${id}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_RECONCILE_INTERVAL_MS: '1000',
      CFLINK_RECONCILE_SETTLE_MS: '3000',
    });
    scheduler = await startScheduler(config, ['error']);
    kafka = kafkaClient(config.engine, 'cflink-resilience', logLevel.NOTHING);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
    startWorker();
    startWorker();
  });

  after(async () => {
    for (const name of [copy, `late-${id}`, `restarts-${id}`, `orphan-${id}`])
      await c?.DELETE(path, item(name)).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    for (const w of workers) w.kill('SIGKILL');
    for (const name of [copy, `late-${id}`, `restarts-${id}`, `orphan-${id}`]) {
      for (const j of await jobsNamed(name).catch(() => []))
        await fetch(`${FLINK}/jobs/${j.jid}?mode=cancel`, { method: 'PATCH' });
    }
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    const mine = env ? (await admin.listTopics()).filter((t) => t.startsWith(topicOf(''))) : [];
    await admin?.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin?.disconnect();
    await scheduler?.close();
    await api?.close();
    await redis?.flushdb();
    redis?.disconnect();
  });

  it('stops and resumes on another pool, keeping exactly-once output and reporting latest_offsets', async () => {
    const p1 = await pool();
    for (const t of ['src', 'dst']) {
      await submit(`t-${t}-${id}`, `CREATE TABLE ${t} (id BIGINT) DISTRIBUTED INTO 2 BUCKETS`, p1);
      await phaseOf(`t-${t}-${id}`, 'COMPLETED');
    }
    consumer = kafka.consumer({ groupId: `resilience-${id}` });
    await consumer.connect();
    await consumer.subscribe({ topic: topicOf('dst'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const { id: n } = JSON.parse(message.value!.toString()) as { id: number };
        seen.set(n, (seen.get(n) ?? 0) + 1);
      },
    });

    await produce(200);
    await submit(copy, 'INSERT INTO dst SELECT id FROM src', p1);
    await phaseOf(copy, 'RUNNING');
    await until('some records through', async () => (seen.size > 0 ? true : undefined));

    await put(copy, (s) => ({ ...s, spec: { ...s.spec, stopped: true } }));
    const stopped = await phaseOf(copy, 'STOPPED');
    assert.match(stopped.status.latest_offsets?.src ?? '', /^partition:\d+,offset:\d+(;partition:\d+,offset:\d+)*$/);
    assert.ok(stopped.status.latest_offsets_timestamp);

    await produce(100);
    const p2 = await pool();
    await put(copy, (s) => ({ ...s, spec: { ...s.spec, stopped: false, compute_pool_id: p2 } }));
    const resumed = await phaseOf(copy, 'RUNNING');
    assert.equal(resumed.spec.compute_pool_id, p2);
    const cfu = async (p: string) =>
      ok(await c.GET('/fcpm/v2/compute-pools/{id}', { params: { path: { id: p }, query: { environment: env } } }))
        .status.current_cfu;
    assert.equal(await cfu(p1), 0);
    assert.equal(await cfu(p2), 1);
    await exactlyOnce();
  });

  it('samples metrics of a running statement', async () => {
    const uid = (await get(copy)).metadata.uid;
    const latest = await until('a metric sample with records in', async () => {
      const row = await prisma().statement.findUniqueOrThrow({ where: { uid } });
      const m = row.latestMetrics as { recordsIn?: number } | null;
      return m && (m.recordsIn ?? 0) > 0 ? m : undefined;
    });
    assert.ok(latest);
    await until('two samples in the series', async () =>
      (await prisma().statementMetricSample.count({ where: { statementUid: uid } })) >= 2 ? true : undefined,
    );
  });

  it('adopts a running statement when its worker is killed, without a second job', async () => {
    const before = await get(copy);
    const uid = before.metadata.uid;
    const jobId = (await prisma().statement.findUniqueOrThrow({ where: { uid } })).flinkJobId;
    const holder = await until(
      'a worker to hold the lease',
      async () => (await redis.get(`cflink:lease:${uid}`)) ?? undefined,
    );
    const victim = workers.find((w) => holder.includes(`-${w.pid}-`));
    assert.ok(victim, `lease holder ${holder} is one of the workers`);
    victim.kill('SIGKILL');
    await produce(100);
    const adopter = await until('another worker to adopt it', async () => {
      const h = await redis.get(`cflink:lease:${uid}`);
      return h && h !== holder ? h : undefined;
    });
    assert.notEqual(adopter, holder);
    assert.equal((await prisma().statement.findUniqueOrThrow({ where: { uid } })).flinkJobId, jobId);
    assert.equal((await jobsNamed(copy)).length, 1);
    assert.equal((await get(copy)).status.phase, 'RUNNING');
    await exactlyOnce();
  });

  it('rebuilds commands Redis lost from PostgreSQL', async () => {
    for (const w of workers) w.kill('SIGKILL');
    const p = await pool();
    await submit(`late-${id}`, 'INSERT INTO dst SELECT id FROM src', p);
    await until('the statement to be admitted', async () => {
      const row = await prisma().statement.findFirst({ where: { environmentId: env, name: `late-${id}` } });
      return row?.dispatched ? true : undefined;
    });
    await put(copy, (s) => ({ ...s, spec: { ...s.spec, stopped: true } }));
    const copyUid = (await get(copy)).metadata.uid;
    await until('the stop to be relayed', async () => {
      const n = await prisma().outboxCommand.count({ where: { subjectId: copyUid, dispatchedAt: null } });
      return n === 0 ? true : undefined;
    });
    await redis.flushdb();
    startWorker();
    await phaseOf(`late-${id}`, 'RUNNING');
    await phaseOf(copy, 'STOPPED');
    await c.DELETE(path, item(`late-${id}`));
  });

  it('marks a statement DEGRADED while its job keeps restarting', async () => {
    const p = await pool();
    await submit(`t-raw-${id}`, 'CREATE TABLE raw_in (label STRING)', p);
    await phaseOf(`t-raw-${id}`, 'COMPLETED');
    await producer.send({ topic: topicOf('raw_in'), messages: [{ value: JSON.stringify({ label: 'not a number' }) }] });
    await submit(`restarts-${id}`, 'INSERT INTO dst SELECT CAST(label AS BIGINT) FROM raw_in', p);
    const degraded = await phaseOf(`restarts-${id}`, 'DEGRADED', 150_000);
    assert.match(degraded.status.detail ?? '', /restarted \d+ times/);
    const exceptions = ok(
      await c.GET(`${path}/exceptions`, { params: { path: { ...base(), statement_name: `restarts-${id}` } } }),
    );
    assert.ok(exceptions.data.length >= 1);
  });

  it('stops a job whose id never reached PostgreSQL, found by the statement uid it carries', async () => {
    const p = await pool();
    await submit(`t-orphan-${id}`, 'CREATE TABLE orphan_dst (id BIGINT)', p);
    await phaseOf(`t-orphan-${id}`, 'COMPLETED');
    const name = `orphan-${id}`;
    await submit(name, 'INSERT INTO orphan_dst SELECT id FROM src', p);
    const running = await phaseOf(name, 'RUNNING');
    assert.equal((await jobsNamed(name)).length, 1);
    // As if the start's worker had died after Flink accepted the job, before recording its id.
    await prisma().statement.update({
      where: { uid: running.metadata.uid },
      data: { flinkJobId: null, startJobId: null },
    });
    await put(name, (s) => ({ ...s, spec: { ...s.spec, stopped: true } }));
    const stopped = await phaseOf(name, 'STOPPED');
    assert.match(stopped.status.detail ?? '', /savepoint/);
    assert.deepEqual(await jobsNamed(name), []);
  });
});
