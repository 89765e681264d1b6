/**
 * A committed outbox command wakes the scheduler (PostgreSQL LISTEN/NOTIFY): with its timed
 * passes ten minutes apart, a new statement is still admitted, and its deletion relayed, because
 * the commits themselves trigger the passes.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '#config';
import { PrismaService } from '#db';
import { startScheduler } from '#scheduler/scheduler-app';
import { createEnvironment, startApi, type TestApi } from '../e2e/harness';
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

  it('admits a new statement and relays its deletion without waiting for a timed pass', async () => {
    const c = api.admin.client;
    const env = (await createEnvironment(c)).id;
    const pool = (await enginePool(c, env, region)).id;
    const s = statementsOf(c, api.admin.organizationId, env);
    const name = `woken-${randomUUID().slice(0, 6)}`;
    await s.submit(name, 'SELECT 1', pool);
    const prisma = api.app.get(PrismaService);
    const uid = (await s.get(name)).metadata.uid!;
    // No worker serves the region: admission shows as the statement being dispatched.
    await until('the statement to be admitted', async () =>
      (await prisma.statement.findUniqueOrThrow({ where: { uid } })).dispatched ? true : undefined,
    );
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
