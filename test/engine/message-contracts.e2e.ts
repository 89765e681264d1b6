/**
 * Messages between processes are validated where they are read: forged and malformed statement
 * events, metric samples, engine jobs and outbox records reach the real scheduler and worker
 * (real Kafka, Redis, PostgreSQL, Flink) and change nothing, and valid messages behind them on
 * the same partition, queue and table are still processed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { logLevel, type Producer } from 'kafkajs';
import type { CflinkClient } from '#client';
import { loadConfig, type CflinkConfig } from '#config';
import {
  kafkaClient,
  poolQueueName,
  queueConnection,
  STATEMENT_EVENTS_TOPIC,
  STATEMENT_METRICS_TOPIC,
  type MetricSample,
  type StatementEvent,
} from '#contracts';
import { PrismaService } from '#db';
import { startScheduler } from '#scheduler/scheduler-app';
import { startWorker } from '#worker/worker-app';
import { createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { until } from './until';

const REGIONS = 'AWS:us-east-1,AWS:ap-contracttest-1';

describe('message contracts on the real scheduler and worker', () => {
  const id = randomUUID().slice(0, 8);
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let poolId: string;
  let config: CflinkConfig;
  let scheduler: INestApplicationContext;
  let worker: INestApplicationContext;
  let producer: Producer;
  let queue: Queue;
  const prisma = () => api.app.get(PrismaService);

  async function completed(name: string) {
    const res = await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: { organization_id: org, environment_id: env } },
      body: { name, spec: { statement: `CREATE TABLE \`${name}\` (id BIGINT)`, compute_pool_id: poolId } },
    });
    const uid = ok(res).metadata.uid!;
    return until(`${name} to complete`, async () => {
      const row = await prisma().statement.findUniqueOrThrow({ where: { uid } });
      assert.notEqual(row.phase, 'FAILED', row.detail);
      return row.phase === 'COMPLETED' ? row : undefined;
    });
  }

  const send = (topic: string, key: string, value: string | object) =>
    producer.send({ topic, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }] });

  before(async () => {
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    env = (await createEnvironment(c)).id;
    const pool = ok(
      await c.POST('/fcpm/v2/compute-pools', {
        body: {
          spec: {
            display_name: unique('pool'),
            cloud: 'AWS',
            region: 'ap-contracttest-1',
            max_cfu: 5,
            environment: { id: env },
          },
        },
      }),
    );
    poolId = pool.id!;
    config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: 'AWS:ap-contracttest-1',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-test-${id}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
    });
    const kafka = kafkaClient(config.engine, 'cflink-test', logLevel.NOTHING);
    producer = kafka.producer();
    await producer.connect();
    queue = new Queue(poolQueueName(poolId), { connection: queueConnection(config.redisUrl) });
    scheduler = await startScheduler(config, ['error']);
    worker = await startWorker(config, ['error']);
  });

  after(async () => {
    await worker?.close();
    await scheduler?.close();
    await queue?.close();
    await producer?.disconnect();
    await api?.close();
  });

  it('rejects forged statement events and metric samples, and applies the valid ones behind them', async () => {
    const before = await completed(`t-${id}`);
    const uid = before.uid;
    const seq = Date.now() * 1000 + 10_000_000;
    // Each forged event has a seq above the valid one sent after it: applied, it would win.
    const forged = { version: 1, statementUid: uid, seq: seq + 1000, at: new Date().toISOString(), phase: 'RUNNING' };
    const otherCluster = { op: 'put', databaseId: 'lkc-other1', table: 'x', definition: '(`id` INT)', partitions: 1 };
    const events: (string | object)[] = [
      '{"version":1,',
      { ...forged, phase: 'HACKED' },
      { ...forged, version: 2 },
      { ...forged, tenant: 'someone-else' },
      { ...forged, flinkJobId: '../../../etc/passwd' },
      { ...forged, savepointPath: 'file:/work/../other-tenant/savepoint-1' },
      { ...forged, detail: 'x'.repeat(600 * 1024) },
      { ...forged, catalog: { ...otherCluster, topic: 'lkc-other1.x' } },
    ];
    for (const value of events) await send(STATEMENT_EVENTS_TOPIC, uid, value);
    await send(STATEMENT_EVENTS_TOPIC, randomUUID(), forged); // keyed by another statement
    const valid: StatementEvent = {
      version: 1,
      statementUid: uid,
      seq,
      at: new Date().toISOString(),
      phase: 'COMPLETED',
      detail: `valid after forged ${id}`,
      cfu: 0,
    };
    await send(STATEMENT_EVENTS_TOPIC, uid, valid);

    const sample = (extra: Partial<Record<keyof MetricSample, unknown>>) => ({
      version: 1,
      statementUid: uid,
      computePoolId: poolId,
      at: new Date().toISOString(),
      recordsIn: 1,
      recordsOut: 1,
      pendingRecords: 0,
      currentCfu: 1,
      stateSizeBytes: 0,
      ...extra,
    });
    await send(STATEMENT_METRICS_TOPIC, uid, sample({ recordsIn: -5 }));
    await send(STATEMENT_METRICS_TOPIC, uid, sample({ computePoolId: "lfcp-x' OR '1'='1" }));
    await send(STATEMENT_METRICS_TOPIC, uid, sample({ version: 7 }));
    await send(STATEMENT_METRICS_TOPIC, uid, sample({ recordsIn: 42 }));

    const after = await until('the valid event to be applied', async () => {
      const row = await prisma().statement.findUniqueOrThrow({ where: { uid } });
      return row.detail === valid.detail ? row : undefined;
    });
    assert.equal(after.lastEventSeq, BigInt(seq));
    assert.equal(after.phase, 'COMPLETED');
    assert.equal(after.flinkJobId, before.flinkJobId);
    assert.equal(after.savepointPath, before.savepointPath);
    assert.equal(await prisma().catalogTable.count({ where: { databaseId: 'lkc-other1' } }), 0);

    const samples = await until('the valid sample to be stored', async () => {
      const rows = await prisma().statementMetricSample.findMany({ where: { statementUid: uid } });
      return rows.some((r) => r.recordsIn === 42n) ? rows : undefined;
    });
    assert.deepEqual(
      samples.map((r) => [r.recordsIn, r.computePoolId]),
      [[42n, poolId]],
    );
  });

  it('fails malformed engine jobs for good and keeps serving the pool queue', async () => {
    const uid = randomUUID();
    const bad = [
      {
        jobId: `forged-${id}-1`,
        data: { version: 1, command: 'StartStatement', statementUid: 'x', resourceVersion: 1 },
      },
      {
        jobId: `forged-${id}-2`,
        data: { version: 3, command: 'StartStatement', statementUid: uid, resourceVersion: 1 },
      },
      {
        jobId: `forged-${id}-3`,
        data: { version: 1, command: 'StartStatement', statementUid: uid, resourceVersion: 1 },
      },
    ];
    for (const { jobId, data } of bad) await queue.add('StartStatement', data, { jobId, attempts: 5 });
    for (const [i, reason] of [/statementUid: Invalid UUID/, /unknown version 3/, /does not match/].entries()) {
      const job = await until(`forged job ${i + 1} to fail`, async () => {
        // The state first, then the job: a job read before its state may predate its failure.
        if ((await queue.getJobState(bad[i].jobId)) !== 'failed') return undefined;
        return queue.getJob(bad[i].jobId);
      });
      assert.match(job.failedReason, reason);
      assert.equal(job.attemptsMade, 1, 'a rejected job is not retried');
    }
    // The same worker still runs a statement submitted after them.
    assert.equal((await completed(`after-${id}`)).phase, 'COMPLETED');
  });

  it('marks malformed outbox records rejected instead of replaying them', async () => {
    const row = await completed(`o-${id}`);
    const outbox = (command: string, payload: object) =>
      prisma().outboxCommand.create({ data: { organizationId: org, command, subjectId: row.uid, payload } });
    const records = [
      await outbox('StopStatement', {
        version: 9,
        environmentId: env,
        name: row.name,
        resourceVersion: 1,
        resume: false,
      }),
      await outbox('StopStatement', {
        version: 1,
        environmentId: env,
        name: '../x',
        resourceVersion: 1,
        resume: false,
      }),
      await outbox('ExfiltrateStatement', { version: 1 }),
    ];
    for (const [i, reason] of [
      /unknown version 9/,
      /name: expected a statement name/,
      /unknown outbox command/,
    ].entries()) {
      const marked = await until(`outbox record ${i + 1} to be marked`, async () => {
        const r = await prisma().outboxCommand.findUniqueOrThrow({ where: { id: records[i].id } });
        return r.dispatchedAt ? r : undefined;
      });
      assert.match(marked.rejection ?? '', reason);
    }
    const now = await prisma().statement.findUniqueOrThrow({ where: { uid: row.uid } });
    assert.equal(now.phase, 'COMPLETED');
    assert.equal(now.resourceVersion, row.resourceVersion);
    assert.equal(await queue.getJob(`${row.uid}:1:StopStatement`), undefined);
  });
});
