/**
 * A committed outbox command wakes the scheduler (PostgreSQL LISTEN/NOTIFY): with its timed
 * passes ten minutes apart, a new statement is still admitted, and its deletion relayed, because
 * the commits themselves trigger the passes. The admission counts in the operators' admission
 * latency histogram (GET /metrics), read with a Prometheus text parser.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '#config';
import { PrismaService } from '#db';
import { startScheduler } from '#scheduler/scheduler-app';
import { createEnvironment, startApi, type TestApi } from '../e2e/harness';
import { parsePrometheus } from '../e2e/prometheus-text';
import { enginePool, statementsOf } from './engine-stack';
import { until } from './until';

describe('scheduler wake-ups on outbox commits', () => {
  const region = `ap-wakeups-${randomUUID().slice(0, 6)}`;
  let api: TestApi;
  let scheduler: INestApplicationContext;

  before(async () => {
    const regions = `AWS:us-east-1,AWS:${region}`;
    api = await startApi({ CFLINK_REGIONS: regions });
    const config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: regions,
      CFLINK_ENGINE_REGION: `AWS:${region}`,
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-test-${randomUUID().slice(0, 8)}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '600000',
    });
    scheduler = await startScheduler(config, ['error']);
  });
  after(async () => {
    await scheduler?.close();
    await api?.close();
  });

  /** The operators' admission latency histogram, scraped and read by a Prometheus text parser. */
  const latency = async () => {
    const family = parsePrometheus(await (await fetch(`${api.baseUrl}/metrics`)).text()).get(
      'cflink_admission_latency_seconds',
    );
    assert.equal(family?.type, 'HISTOGRAM');
    const [h] = family.metrics;
    return {
      count: Number(h.count),
      sum: Number(h.sum),
      buckets: Object.entries(h.buckets ?? {})
        .map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), Number(n)] as const)
        .sort((x, y) => x[0] - y[0]),
    };
  };

  it('admits a new statement and relays its deletion without waiting for a timed pass', async () => {
    const c = api.admin.client;
    const env = (await createEnvironment(c)).id;
    const pool = (await enginePool(c, env, region)).id;
    const s = statementsOf(c, api.admin.organizationId, env);
    const name = `woken-${randomUUID().slice(0, 6)}`;
    const before = await latency();
    await s.submit(name, 'SELECT 1', pool);
    const prisma = api.app.get(PrismaService);
    const uid = (await s.get(name)).metadata.uid!;
    // No worker serves the region: admission shows as the statement being dispatched.
    await until('the statement to be admitted', async () =>
      (await prisma.statement.findUniqueOrThrow({ where: { uid } })).dispatched ? true : undefined,
    );
    // The admission is counted once, in the bucket of its latency, and the histogram the operators
    // scrape holds it (other files' admissions may be in it too: it is the deployment's).
    const mine = await prisma.admissionLatencyBucket.findMany({ where: { flinkRegion: `aws.${region}` } });
    assert.equal(mine.length, 1);
    assert.equal(mine[0].count, 1n);
    assert.ok(mine[0].sumSeconds > 0 && mine[0].sumSeconds <= mine[0].le, `latency ${mine[0].sumSeconds} s`);
    const after = await latency();
    assert.ok(after.count >= before.count + 1, `count ${before.count} → ${after.count}`);
    assert.ok(after.sum >= before.sum + mine[0].sumSeconds - 1e-6);
    assert.ok(
      after.buckets.every(([, n], i) => i === 0 || n >= after.buckets[i - 1][1]),
      'buckets are cumulative',
    );
    assert.deepEqual(after.buckets.at(-1), [Infinity, after.count]);
    assert.ok(after.buckets.find(([le]) => le === mine[0].le)![1] >= 1, 'its bucket counts it');
    const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
    const item = { organization_id: api.admin.organizationId, environment_id: env, statement_name: name };
    assert.equal((await c.DELETE(path, { params: { path: item } })).response.status, 202);
    const relayed = await until('the delete to be relayed', async () => {
      const row = await prisma.outboxCommand.findFirst({ where: { subjectId: uid, command: 'DeleteStatement' } });
      return row?.dispatchedAt ? row : undefined;
    });
    assert.ok(relayed.dispatchedAt);
  });
});
