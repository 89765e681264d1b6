/**
 * Notifications from usage, end to end on PostgreSQL and Redis: dead letters appearing in a
 * statement's metric samples (STATEMENT_DEAD_LETTERS) and an environment's metered CFU-minutes
 * crossing its budget (CFU_BUDGET_CROSSED). Samples go through the scheduler's own store, as the
 * engine's reports would; the check runs with chosen clocks; a real receiver gets the webhooks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CflinkClient } from '#client';
import { ConfigModule } from '#config';
import { DbModule, PrismaService } from '#db';
import { budgetPeriod, deadLetterWindowStart, kafkaClusterIdOf, verifyWebhookSignature } from '#domain';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { NotificationConditions } from '#scheduler/notifications/notification-conditions';
import { NotificationsModule } from '#scheduler/notifications/notifications.module';
import { until } from '../engine/until';
import { createEnvironment, createPool, failure, ok, startApi, statementsPath, unique, type TestApi } from './harness';
import { startReceiver } from './webhook-receiver';

const MIN = 60_000;

describe('usage notifications: dead letters and CFU-minute budgets', () => {
  let api: TestApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let c: CflinkClient;
  let scheduler: INestApplicationContext;

  async function startScheduler() {
    @Module({
      imports: [ConfigModule.forRoot(api.config), DbModule, NotificationsModule],
      providers: [StatementMetricsStore, CfuLedger],
    })
    class SchedulerNotifications {}
    return NestFactory.createApplicationContext(SchedulerNotifications, { logger: ['error'] });
  }

  before(async () => {
    api = await startApi({
      CFLINK_WEBHOOK_ALLOW_HTTP: 'true',
      CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      CFLINK_WEBHOOK_BACKOFF_MS: '200',
    });
    scheduler = await startScheduler();
    receiver = await startReceiver();
    c = api.admin.client;
  });

  after(async () => {
    await scheduler?.close();
    await receiver?.close();
    await api?.close();
  });

  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

  async function subscribe(env: string, path: string, spec: Record<string, unknown>) {
    const res = await c.POST('/notifications/v1/subscriptions', {
      body: { spec: { url: `${receiver.url}${path}`, environment: { id: env }, ...spec } as never },
    });
    assert.equal(res.response.status, 201, JSON.stringify(res.error));
    return ok(res);
  }

  /** A statement on a new pool of `env`, marked RUNNING as its RUNNING event would leave it. */
  async function runningStatement(env: string, tableUses: unknown[] = []) {
    const pool = await createPool(c, env);
    const name = unique('reads');
    const uid = ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(api.admin.organizationId, env),
        body: { name, spec: { statement: 'SELECT 1', compute_pool_id: pool.id } },
      }),
    ).metadata.uid!;
    await scheduler.get(PrismaService).statement.update({
      where: { uid },
      data: { phase: 'RUNNING', dispatched: true, cfu: 1, tableUses: tableUses as never },
    });
    return { uid, name, pool: pool.id };
  }

  const sample = (
    uid: string,
    pool: string,
    when: number,
    extra: { deadLetterRecords?: number; currentCfu?: number },
  ) => ({
    version: 1 as const,
    statementUid: uid,
    computePoolId: pool,
    at: new Date(when).toISOString(),
    recordsIn: 0,
    recordsOut: 0,
    pendingRecords: 0,
    currentCfu: extra.currentCfu ?? 1,
    stateSizeBytes: 0,
    skippedRecords: extra.deadLetterRecords ?? 0,
    deadLetterRecords: extra.deadLetterRecords ?? 0,
  });

  it('reports dead letters once per statement and window, with the table and a query to read them', async () => {
    const envRes = await createEnvironment(c);
    const env = envRes.id;
    const cluster = kafkaClusterIdOf(env);
    const catalog = envRes.display_name!;
    const sub = await subscribe(env, '/dlq', {
      event_types: ['STATEMENT_DEAD_LETTERS'],
      dead_letter_window_minutes: 60,
    });
    const crn = `crn://confluent.cloud/organization=${api.admin.organizationId}/environment=${env}/cloud-cluster=${cluster}/kafka=${cluster}/topic=orders`;
    const s = await runningStatement(env, [
      { table: `\`${catalog}\`.\`cluster_0\`.\`orders\``, topicCrn: crn, access: 'read' },
    ]);
    const db = scheduler.get(PrismaService);
    await db.catalogTable.create({
      data: {
        environmentId: env,
        databaseId: cluster,
        name: 'orders',
        definition: "(\n  `id` INT\n)\nWITH (\n  'error-handling.mode' = 'log',\n  'value.format' = 'json'\n)",
        topic: `${cluster}.orders`,
        partitions: 1,
        statementUid: s.uid,
      },
    });
    const store = scheduler.get(StatementMetricsStore);
    const conditions = scheduler.get(NotificationConditions);
    // A whole past hour: its window is [w, w + 60 min).
    const w = deadLetterWindowStart(new Date(Date.now() - 2 * 60 * MIN), 60).getTime();
    await store.applyBatch([
      sample(s.uid, s.pool, w - 2 * MIN, { deadLetterRecords: 4 }), // before the window: the baseline
      sample(s.uid, s.pool, w + 1 * MIN, { deadLetterRecords: 4 }),
      sample(s.uid, s.pool, w + 2 * MIN, { deadLetterRecords: 6 }),
      sample(s.uid, s.pool, w + 3 * MIN, { deadLetterRecords: 9 }),
    ]);
    await conditions.run(new Date(w + 4 * MIN));
    const first = await until('the dead-letter notification', async () => at('/dlq')[0], 20_000);
    const ts = Number(first.headers['x-cflink-timestamp']);
    assert.ok(
      verifyWebhookSignature(sub.spec.secret!, ts, first.body, String(first.headers['x-cflink-signature']), ts),
    );
    const body = JSON.parse(first.body);
    assert.equal(body.type, 'STATEMENT_DEAD_LETTERS');
    assert.equal(body.subject.name, s.name);
    const table = `\`${catalog}\`.\`cluster_0\`.\`error_log\``;
    assert.deepEqual(body.dead_letters, {
      new_records: 5,
      window_start: new Date(w).toISOString(),
      window_minutes: 60,
      tables: [table],
      query: `SELECT * FROM ${table} WHERE statement_name = '${s.name}'`,
    });

    // More dead letters in the same window: nothing more. A job restart (counter from 0) in the next window: one more.
    await store.applyBatch([sample(s.uid, s.pool, w + 8 * MIN, { deadLetterRecords: 12 })]);
    await conditions.run(new Date(w + 9 * MIN));
    await conditions.run(new Date(w + 30 * MIN));
    await store.applyBatch([sample(s.uid, s.pool, w + 61 * MIN, { deadLetterRecords: 2 })]);
    await conditions.run(new Date(w + 62 * MIN));
    const second = await until('the next window', async () => at('/dlq')[1], 20_000);
    assert.equal(JSON.parse(second.body).dead_letters.new_records, 2);
    assert.equal(JSON.parse(second.body).dead_letters.window_start, new Date(w + 60 * MIN).toISOString());
    // A window without growth sends nothing.
    await store.applyBatch([sample(s.uid, s.pool, w + 121 * MIN, { deadLetterRecords: 2 })]);
    await conditions.run(new Date(w + 122 * MIN));
    await settle();
    assert.equal(at('/dlq').length, 2);
  });

  it('reports each budget threshold once per month, across a scheduler restart', async () => {
    const env = (await createEnvironment(c)).id;
    const s = await runningStatement(env);
    const sub = await subscribe(env, '/budget', {
      event_types: ['CFU_BUDGET_CROSSED'],
      cfu_budget: { cfu_minutes: 10, thresholds_percent: [50, 100] },
    });
    assert.deepEqual(sub.spec.cfu_budget, { cfu_minutes: 10, thresholds_percent: [50, 100] });
    const poolBudget = await subscribe(env, '/pool-budget', {
      event_types: ['CFU_BUDGET_CROSSED'],
      cfu_budget: { cfu_minutes: 1000, compute_pool_id: s.pool },
    });
    assert.deepEqual(poolBudget.spec.cfu_budget, {
      cfu_minutes: 1000,
      thresholds_percent: [100],
      compute_pool_id: s.pool,
    });

    const now = Date.now();
    const start = Math.max(now - 10 * MIN, budgetPeriod(new Date(now)).start.getTime());
    const minute = (i: number) => Math.floor(start / MIN) * MIN + i * MIN;
    const meter = async (from: number, to: number) => {
      // 2 CFUs a minute, as the engine's samples report them; the metering pass rolls them up.
      const samples = [];
      for (let i = from; i < to; i++) samples.push(sample(s.uid, s.pool, minute(i), { currentCfu: 2 }));
      await scheduler.get(StatementMetricsStore).applyBatch(samples);
      await scheduler.get(CfuLedger).rollUp(5000);
    };
    await meter(0, 2); // 4 CFU-minutes: below 50%
    await scheduler.get(NotificationConditions).run(new Date(minute(3)));
    await meter(2, 3); // 6: past 50%
    await scheduler.get(NotificationConditions).run(new Date(minute(4)));
    const half = await until('the 50% notification', async () => at('/budget')[0], 20_000);
    const body = JSON.parse(half.body);
    assert.equal(body.type, 'CFU_BUDGET_CROSSED');
    assert.deepEqual(body.subject, { kind: 'Environment', id: env });
    const period = budgetPeriod(new Date(minute(4)));
    assert.deepEqual(body.budget, {
      period: period.label,
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
      cfu_minutes: 10,
      threshold_percent: 50,
      threshold_cfu_minutes: 5,
      used_cfu_minutes: 6,
      compute_pool_id: null,
    });

    // A restarted scheduler remembers (in PostgreSQL) what it sent; 100% comes once.
    await scheduler.close();
    scheduler = await startScheduler();
    await scheduler.get(NotificationConditions).run(new Date(minute(5)));
    await meter(3, 6); // 12
    await scheduler.get(NotificationConditions).run(new Date(minute(7)));
    await scheduler.get(NotificationConditions).run(new Date(minute(8)));
    const full = await until('the 100% notification', async () => at('/budget')[1], 20_000);
    assert.equal(JSON.parse(full.body).budget.threshold_percent, 100);
    assert.equal(JSON.parse(full.body).budget.used_cfu_minutes, 12);
    await settle();
    assert.equal(at('/budget').length, 2);
    assert.equal(at('/pool-budget').length, 0); // 12 of its 1000
  });

  it('answers 400 naming what to fix for a budget event without a budget or with a foreign pool', async () => {
    const env = (await createEnvironment(c)).id;
    const other = await createPool(c, (await createEnvironment(c)).id);
    const [missing] = failure(
      await c.POST('/notifications/v1/subscriptions', {
        body: { spec: { url: `${receiver.url}/x`, event_types: ['CFU_BUDGET_CROSSED'], environment: { id: env } } },
      }),
      400,
    );
    assert.equal(missing.source?.pointer, '/spec/cfu_budget');
    assert.match(missing.detail ?? '', /cfu_budget\.cfu_minutes/);
    const [foreign] = failure(
      await c.POST('/notifications/v1/subscriptions', {
        body: {
          spec: {
            url: `${receiver.url}/x`,
            event_types: ['CFU_BUDGET_CROSSED'],
            cfu_budget: { cfu_minutes: 5, compute_pool_id: other.id },
            environment: { id: env },
          },
        },
      }),
      400,
    );
    assert.equal(foreign.source?.pointer, '/spec/cfu_budget/compute_pool_id');
    // Removing the budget of a subscription that asks for the event is refused too; removing both is fine.
    const sub = await subscribe(env, '/x', { event_types: ['CFU_BUDGET_CROSSED'], cfu_budget: { cfu_minutes: 5 } });
    const patch = (spec: Record<string, unknown>) =>
      c.PATCH('/notifications/v1/subscriptions/{id}', {
        params: { path: { id: sub.id } },
        body: { spec: { ...spec, environment: { id: env } } as never },
      });
    failure(await patch({ cfu_budget: null }), 400);
    const cleared = ok(await patch({ cfu_budget: null, event_types: ['STATEMENT_FAILED'] }));
    assert.equal(cleared.spec.cfu_budget, null);
  });
});
