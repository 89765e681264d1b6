/**
 * Foreground queries and starts survive their engine worker, on the real data plane: a query's
 * results continue on another worker when the one serving it is killed (no row lost or repeated,
 * the bounded query ends COMPLETED), a lost gateway session fails the query with a detail saying
 * so, and a worker stopped with SIGTERM during a start finishes it and exits 0 (one job).
 *
 * Engine workers run as child processes so one can be killed; the API and the scheduler run
 * in-process, with a region and a Redis database of their own.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import { logLevel, type Admin, type Producer } from 'kafkajs';
import type { CflinkClient } from '#client';
import { loadConfig } from '#config';
import { kafkaClient } from '#contracts';
import { PrismaService } from '#db';
import { startScheduler } from '#scheduler/scheduler-app';
import { createEnvironment, ok, startApi, type TestApi } from '../e2e/harness';
import { enginePool, statementsOf, topicOfTable } from './engine-stack';
import { until } from './until';
import { activeFlinkJobs, spawnWorker } from './worker-processes';

const REGION = 'ap-survive-1';
const REGIONS = `AWS:us-east-1,AWS:${REGION}`;
const REDIS_URL = `${(process.env.CFLINK_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d+$/, '')}/6`;
const ENGINE = loadConfig().engine;

describe('foreground queries and starts survive their engine worker', () => {
  const id = randomUUID().slice(0, 8);
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let pool: string;
  let sql: ReturnType<typeof statementsOf>;
  let scheduler: INestApplicationContext;
  let admin: Admin;
  let producer: Producer;
  let redis: Redis;
  const workers: ChildProcess[] = [];
  const names: string[] = [];

  const prisma = () => api.app.get(PrismaService);
  const results = (name: string, pageToken?: string) =>
    c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
      params: {
        path: { organization_id: org, environment_id: env, name },
        query: pageToken ? { page_token: pageToken } : {},
      },
    });
  const tokenOf = (next: string) => new URL(next).searchParams.get('page_token')!;

  function startWorker(): ChildProcess {
    const child = spawnWorker(REGION, REDIS_URL, { CFLINK_RESULTS_BUFFER_ROWS: '100' });
    workers.push(child);
    return child;
  }

  /** The worker process holding a statement's lease. */
  async function holderOf(uid: string): Promise<{ lease: string; worker: ChildProcess }> {
    const lease = await until(
      'a worker to hold the lease',
      async () => (await redis.get(`cflink:lease:${uid}`)) ?? undefined,
    );
    const worker = workers.find((w) => lease.includes(`-${w.pid}-`));
    assert.ok(worker, `lease holder ${lease} is one of the workers`);
    return { lease, worker };
  }

  const produce = (from: number, to: number) =>
    producer.send({
      topic: topicOfTable(env, 'src'),
      messages: Array.from({ length: to - from }, (_, i) => ({ value: JSON.stringify({ id: from + i }) })),
    });

  const flinkJobsNamed = (name: string) => activeFlinkJobs(ENGINE.flinkRestUrl, name);

  before(async () => {
    redis = new Redis(REDIS_URL);
    await redis.flushdb();
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    env = (await createEnvironment(c)).id;
    const config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: `AWS:${REGION}`,
      CFLINK_REDIS_URL: REDIS_URL,
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-survive-${id}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
    });
    scheduler = await startScheduler(config, ['error']);
    const kafka = kafkaClient(config.engine, 'cflink-survive', logLevel.NOTHING);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
    startWorker();
    startWorker();
    pool = (await enginePool(c, env, REGION)).id!;
    sql = statementsOf(c, org, env);
    for (const t of ['src', 'dst']) {
      await sql.submit(`t-${t}-${id}`, `CREATE TABLE ${t} (id BIGINT) DISTRIBUTED INTO 1 BUCKETS`, pool);
      await sql.phaseOf(`t-${t}-${id}`, 'COMPLETED');
    }
  });

  after(async () => {
    for (const name of names) {
      await c
        ?.DELETE('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}', {
          params: { path: { organization_id: org, environment_id: env, statement_name: name } },
        })
        .catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 3000));
    for (const w of workers) w.kill('SIGKILL');
    for (const name of names) {
      for (const j of await flinkJobsNamed(name).catch(() => []))
        await fetch(`${ENGINE.flinkRestUrl}/jobs/${j.jid}?mode=cancel`, { method: 'PATCH' });
    }
    await producer?.disconnect().catch(() => undefined);
    const mine = env ? (await admin.listTopics()).filter((t) => t.startsWith(topicOfTable(env, ''))) : [];
    await admin?.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin?.disconnect();
    await scheduler?.close();
    await api?.close();
    await redis?.flushdb();
    redis?.disconnect();
  });

  it("continues a query's results on another worker when its worker is killed", async () => {
    const name = `q-${id}`;
    names.push(name);
    await produce(0, 150);
    // Bounded at offset 300: the job runs until the second half is produced, after the kill.
    const bounded = `/*+ OPTIONS('scan.bounded.mode'='specific-offsets', 'scan.bounded.specific-offsets'='partition:0,offset:300') */`;
    const submitted = await sql.submit(name, `SELECT id FROM src ${bounded}`, pool);
    const uid = submitted.metadata.uid;
    await sql.phaseOf(name, 'RUNNING');

    const ids: number[] = [];
    let token: string | undefined;
    const readPage = async () => {
      const page = ok(await results(name, token));
      ids.push(...page.results.data.map((d) => Number(d.row[0])));
      if (page.metadata.next) token = tokenOf(page.metadata.next);
      return page;
    };
    await until('the first 150 rows', async () => ((await readPage(), ids.length >= 150) ? true : undefined));

    const first = await holderOf(uid);
    first.worker.kill('SIGKILL');
    const adopter = await until('another worker to take the query over', async () => {
      const lease = await redis.get(`cflink:lease:${uid}`);
      return lease && lease !== first.lease ? lease : undefined;
    });
    assert.notEqual(adopter, first.lease);
    await produce(150, 300);

    await until(
      'every row and the end of the results',
      async () => {
        const page = await readPage();
        return page.metadata.next === '' ? true : undefined;
      },
      120_000,
    );
    // In order (one partition, parallelism 1), each row once: the new worker went on exactly
    // where the killed one stopped.
    assert.deepEqual(
      ids,
      Array.from({ length: 300 }, (_, i) => i),
    );
    const done = await sql.get(name);
    assert.equal(done.status.phase, 'COMPLETED');
    assert.deepEqual(await flinkJobsNamed(name), []);
    startWorker();
  });

  it('fails a query whose gateway session was lost, saying so', async () => {
    const name = `lost-${id}`;
    names.push(name);
    const submitted = await sql.submit(name, 'SELECT id FROM src', pool);
    await sql.phaseOf(name, 'RUNNING');
    await until('some rows', async () => (ok(await results(name)).results.data.length > 0 ? true : undefined));
    const row = await prisma().statement.findUniqueOrThrow({ where: { uid: submitted.metadata.uid } });
    assert.ok(row.resultSession, 'the result cursor is stored');
    // What a gateway restart does to the query: its session and operation are gone.
    const closed = await fetch(`${ENGINE.sqlGatewayUrl}/v3/sessions/${row.resultSession}`, { method: 'DELETE' });
    assert.equal(closed.status, 200);
    const failed = await sql.phaseOf(name, 'FAILED');
    assert.match(failed.status.detail ?? '', /SQL Gateway no longer has this query’s session/);
    await until('its job to end', async () => ((await flinkJobsNamed(name)).length === 0 ? true : undefined));
  });

  it('a worker stopped with SIGTERM during a start finishes it, exits 0 and leaves one job', async () => {
    const name = `copy-${id}`;
    names.push(name);
    const submitted = await sql.submit(name, 'INSERT INTO dst SELECT id FROM src', pool);
    const uid = submitted.metadata.uid;
    // The start is claimed (its worker holds the lease) and has not reported yet.
    const { worker } = await until('a start in flight', async () => {
      const row = await prisma().statement.findUniqueOrThrow({ where: { uid } });
      if (row.startSettled || row.phase !== 'PENDING') return undefined;
      const lease = await redis.get(`cflink:lease:${uid}`);
      const w = lease ? workers.find((p) => lease.includes(`-${p.pid}-`)) : undefined;
      return w ? { worker: w } : undefined;
    });
    const exited = once(worker, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    worker.kill('SIGTERM');
    const [code, signal] = await exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    const running = await sql.phaseOf(name, 'RUNNING');
    assert.ok(running.status.phase === 'RUNNING');
    // The other worker takes the statement over (the lease was released at once); still one job.
    const other = workers.find((w) => w !== worker && w.exitCode === null && w.signalCode === null);
    assert.ok(other);
    const lease = await until('the other worker to watch it', async () => {
      const l = await redis.get(`cflink:lease:${uid}`);
      return l?.includes(`-${other.pid}-`) ? l : undefined;
    });
    assert.ok(lease);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await flinkJobsNamed(name)).length, 1);
  });
});
