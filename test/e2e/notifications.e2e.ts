/**
 * Webhook notifications end to end: the real API, PostgreSQL, Redis (BullMQ) and the scheduler's
 * notification providers (event consumer, delivery processor) in-process, delivering to a real
 * HTTP receiver on loopback (allowed here by CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CflinkClient } from '#client';
import { ConfigModule } from '#config';
import { StatementEventContract } from '#contracts';
import { DbModule, PrismaService } from '#db';
import { verifyWebhookSignature } from '#domain';
import { StatementEventConsumer } from '#scheduler/events/statement-event-consumer';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { NotificationConditions } from '#scheduler/notifications/notification-conditions';
import { NotificationsModule } from '#scheduler/notifications/notifications.module';
import { until } from '../engine/until';
import {
  bind,
  createEnvironment,
  createPool,
  failure,
  keyFor,
  ok,
  startApi,
  statementsPath,
  unique,
  type TestApi,
} from './harness';
import { startReceiver, type Received } from './webhook-receiver';

describe('webhook notifications', () => {
  let api: TestApi;
  let scheduler: INestApplicationContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let c: CflinkClient;
  let env: string;

  before(async () => {
    api = await startApi({
      CFLINK_WEBHOOK_ALLOW_HTTP: 'true',
      CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      CFLINK_WEBHOOK_BACKOFF_MS: '200',
      CFLINK_WEBHOOK_ATTEMPTS: '3',
    });
    @Module({
      imports: [ConfigModule.forRoot(api.config), DbModule, NotificationsModule],
      providers: [StatementEventConsumer, StatementMetricsStore, CfuLedger],
    })
    class SchedulerNotifications {}
    scheduler = await NestFactory.createApplicationContext(SchedulerNotifications, { logger: ['error'] });
    receiver = await startReceiver();
    c = api.admin.client;
    env = (await createEnvironment(c)).id;
  });

  after(async () => {
    await scheduler?.close();
    await receiver?.close();
    await api?.close();
  });

  async function subscribe(path: string, extra: Record<string, unknown> = {}) {
    const res = await c.POST('/notifications/v1/subscriptions', {
      body: {
        spec: {
          url: `${receiver.url}${path}`,
          event_types: ['STATEMENT_FAILED', 'STATEMENT_DEGRADED'],
          environment: { id: env },
          ...extra,
        },
      },
    });
    assert.equal(res.response.status, 201, JSON.stringify(res.error));
    return ok(res);
  }

  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const deliveries = async (id: string) =>
    ok(
      await c.GET('/notifications/v1/subscriptions/{id}/deliveries', {
        params: { path: { id }, query: { environment: env } },
      }),
    ).data;
  const testSend = async (id: string) =>
    ok(
      await c.POST('/notifications/v1/subscriptions/{id}/test', {
        params: { path: { id }, query: { environment: env } },
      }),
    );

  function assertSigned(r: Received, secret: string) {
    const timestamp = Number(r.headers['x-cflink-timestamp']);
    const signature = String(r.headers['x-cflink-signature']);
    assert.ok(verifyWebhookSignature(secret, timestamp, r.body, signature, Math.floor(Date.now() / 1000)));
    assert.ok(!verifyWebhookSignature('whsec_other', timestamp, r.body, signature, Math.floor(Date.now() / 1000)));
  }

  it('shows the secret once and delivers a signed test-send', async () => {
    const sub = await subscribe('/test-send');
    assert.match(sub.spec.secret!, /^whsec_/);
    const read = ok(
      await c.GET('/notifications/v1/subscriptions/{id}', {
        params: { path: { id: sub.id }, query: { environment: env } },
      }),
    );
    assert.equal(read.spec.secret, undefined);
    assert.deepEqual(read.spec.event_types, ['STATEMENT_FAILED', 'STATEMENT_DEGRADED']);
    const listed = ok(await c.GET('/notifications/v1/subscriptions', { params: { query: { environment: env } } }));
    assert.ok(listed.data.some((s) => s.id === sub.id && s.spec.secret === undefined));

    const sent = await testSend(sub.id);
    const r = await until('the test notification', async () => at('/test-send')[0], 20_000);
    assertSigned(r, sub.spec.secret!);
    const body = JSON.parse(r.body);
    assert.equal(body.type, 'TEST');
    assert.equal(body.id, sent.notification_id);
    assert.equal(body.environment_id, env);
    assert.equal(r.headers['x-cflink-notification-id'], sent.notification_id);
  });

  it('retries a failed delivery with backoff and logs both attempts', async () => {
    const sub = await subscribe('/flaky');
    receiver.answer('/flaky', 500);
    const sent = await testSend(sub.id);
    const [first, second] = await until(
      'the retry',
      async () => (at('/flaky').length >= 2 ? at('/flaky') : undefined),
      20_000,
    );
    assert.equal(first.body, second.body);
    assert.equal(first.headers['x-cflink-attempt'], '1');
    assert.equal(second.headers['x-cflink-attempt'], '2');
    assert.ok(Number(second.headers['x-cflink-timestamp']) >= Number(first.headers['x-cflink-timestamp']));
    assertSigned(second, sub.spec.secret!);
    const log = await until('both attempts in the log', async () => {
      const d = await deliveries(sub.id);
      return d.length >= 2 ? d : undefined;
    });
    assert.deepEqual(
      log.map((d) => [d.notification_id, d.attempt, d.status_code, d.delivered]),
      [
        [sent.notification_id, 1, 500, false],
        [sent.notification_id, 2, 200, true],
      ],
    );
    assert.match(log[0].error!, /HTTP 500/);
    assert.equal(log[1].error, null);
  });

  it('delivers a signed FAILED notification exactly once, though its first attempt fails and the event is replayed', async () => {
    const sub = await subscribe('/failed', { format: 'SLACK' });
    receiver.answer('/failed', 503); // the receiver is down for the first attempt
    const pool = await createPool(c, env);
    const name = unique('fails');
    const created = ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(api.admin.organizationId, env),
        body: { name, spec: { statement: 'SELECT 1', compute_pool_id: pool.id } },
      }),
    );
    const uid = created.metadata.uid!;
    const consumer = scheduler.get(StatementEventConsumer);
    const event = (seq: number, phase: string) => {
      const read = StatementEventContract.read(
        JSON.stringify({ version: 1, statementUid: uid, seq, at: new Date().toISOString(), phase, detail: 'boom' }),
      );
      assert.ok(read.ok);
      return read.value;
    };
    const failed = event(10, 'FAILED');
    await consumer.apply(failed);
    await consumer.apply(failed); // a replay
    await consumer.apply(event(11, 'FAILED')); // a later report of the same failure
    const [first, retry] = await until(
      'the FAILED notification, retried',
      async () => (at('/failed').length >= 2 ? at('/failed') : undefined),
      20_000,
    );
    assert.deepEqual([first.status, retry.status], [503, 200]);
    for (const r of [first, retry]) {
      assertSigned(r, sub.spec.secret!);
      assert.equal(r.headers['x-cflink-event-type'], 'STATEMENT_FAILED');
    }
    assert.equal(retry.headers['x-cflink-notification-id'], first.headers['x-cflink-notification-id']);
    assert.deepEqual([first.headers['x-cflink-attempt'], retry.headers['x-cflink-attempt']], ['1', '2']);
    assert.equal(retry.body, first.body);
    const slack = JSON.parse(retry.body) as { text: string; blocks: unknown[] };
    assert.equal(slack.text, `Statement ${name} in ${env} FAILED: boom`);
    assert.equal(slack.blocks.length, 3);
    // Nothing more comes: one notification, accepted once. The environment's other subscriptions heard of it once each.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(at('/failed').length, 2);
    assert.equal(at('/failed').filter((r) => r.status === 200).length, 1);
    const failedAtTestSend = at('/test-send').filter((x) => JSON.parse(x.body).type === 'STATEMENT_FAILED');
    assert.equal(failedAtTestSend.length, 1);
    const stored = await scheduler.get(PrismaService).notification.findMany({ where: { subscriptionId: sub.id } });
    assert.deepEqual(
      stored.map((n) => [n.id, n.status]),
      [[first.headers['x-cflink-notification-id'], 'DELIVERED']],
    );
    const log = await deliveries(sub.id);
    assert.deepEqual(
      log.map((d) => [d.attempt, d.status_code, d.delivered]),
      [
        [1, 503, false],
        [2, 200, true],
      ],
    );
  });

  it('reports a statement stuck PENDING and a pool at its cap once each, after their N minutes', async () => {
    const quiet = (await createEnvironment(c)).id;
    const res = await c.POST('/notifications/v1/subscriptions', {
      body: {
        spec: {
          url: `${receiver.url}/lasting`,
          event_types: ['STATEMENT_PENDING_STUCK', 'COMPUTE_POOL_AT_MAX_CFU'],
          pending_minutes: 2,
          pool_at_max_minutes: 1,
          environment: { id: quiet },
        },
      },
    });
    assert.equal(res.response.status, 201, JSON.stringify(res.error));
    const pool = await createPool(c, quiet, 5);
    const name = unique('waits');
    const uid = ok(
      await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        ...statementsPath(api.admin.organizationId, quiet),
        body: { name, spec: { statement: 'SELECT 1', compute_pool_id: pool.id } },
      }),
    ).metadata.uid!;
    // What admission writes when it starts the statement with all 5 CFUs of the pool.
    await scheduler.get(PrismaService).statement.update({ where: { uid }, data: { dispatched: true, cfu: 5 } });
    const conditions = scheduler.get(NotificationConditions);
    const t0 = Date.now();
    await conditions.run(new Date(t0));
    await conditions.run(new Date(t0 + 90_000)); // the pool's minute has passed, the statement's two have not
    const pool1 = await until('the pool notification', async () => at('/lasting')[0], 20_000);
    assert.deepEqual(JSON.parse(pool1.body).subject, { kind: 'ComputePool', id: pool.id, max_cfu: 5, current_cfu: 5 });
    assert.equal(JSON.parse(pool1.body).for_minutes, 1);
    await conditions.run(new Date(t0 + 150_000));
    await conditions.run(new Date(t0 + 200_000));
    const stuck = await until('the PENDING notification', async () => at('/lasting')[1], 20_000);
    const body = JSON.parse(stuck.body);
    assert.equal(body.type, 'STATEMENT_PENDING_STUCK');
    assert.equal(body.subject.name, name);
    assert.equal(body.for_minutes, 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(
      at('/lasting').map((r) => JSON.parse(r.body).type),
      ['COMPUTE_POOL_AT_MAX_CFU', 'STATEMENT_PENDING_STUCK'],
    );
  });

  it('refuses callers without rights with 403', async () => {
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    const envCrn = `crn://confluent.cloud/organization=${api.admin.organizationId}/environment=${env}`;
    await bind(c, sa.id, 'FlinkDeveloper', envCrn);
    const developer = await keyFor(api, c, sa.id);
    const body = {
      spec: { url: `${receiver.url}/x`, event_types: ['STATEMENT_FAILED' as const], environment: { id: env } },
    };
    failure(await developer.POST('/notifications/v1/subscriptions', { body }), 403);
    failure(await developer.GET('/notifications/v1/subscriptions', { params: { query: { environment: env } } }), 403);

    const admin = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    await bind(c, admin.id, 'EnvironmentAdmin', envCrn);
    const envAdmin = await keyFor(api, c, admin.id);
    const created = await envAdmin.POST('/notifications/v1/subscriptions', { body });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    const other = (await createEnvironment(c)).id;
    failure(
      await envAdmin.POST('/notifications/v1/subscriptions', {
        body: { spec: { ...body.spec, environment: { id: other } } },
      }),
      403,
    );
  });

  it('answers 400 in the error shape for a URL it will not call, on create and update; deletes', async () => {
    for (const [url, pattern] of [
      ['http://169.254.169.254/latest/meta-data', /metadata/],
      ['ftp://hooks.example.com/x', /https/],
      ['https://user:pw@hooks.example.com/x', /credentials/],
      ['not a url', /absolute URL/],
    ] as const) {
      const res = await c.POST('/notifications/v1/subscriptions', {
        body: { spec: { url, event_types: ['STATEMENT_FAILED'], environment: { id: env } } },
      });
      const [error] = failure(res, 400);
      assert.equal(error.code, 'invalid_webhook_url');
      assert.equal(error.source?.pointer, '/spec/url');
      assert.match(error.detail ?? '', pattern);
    }
    const sub = await subscribe('/patched');
    const patched = ok(
      await c.PATCH('/notifications/v1/subscriptions/{id}', {
        params: { path: { id: sub.id } },
        body: { spec: { format: 'SLACK', pending_minutes: 3, environment: { id: env } } },
      }),
    );
    assert.equal(patched.spec.format, 'SLACK');
    assert.equal(patched.spec.pending_minutes, 3);
    assert.equal(patched.spec.url, sub.spec.url);
    const [badPatch] = failure(
      await c.PATCH('/notifications/v1/subscriptions/{id}', {
        params: { path: { id: sub.id } },
        body: { spec: { url: 'http://[fd00:ec2::254]/', environment: { id: env } } },
      }),
      400,
    );
    assert.match(badPatch.detail ?? '', /metadata/);
    const del = await c.DELETE('/notifications/v1/subscriptions/{id}', {
      params: { path: { id: sub.id }, query: { environment: env } },
    });
    assert.equal(del.response.status, 204);
    failure(
      await c.GET('/notifications/v1/subscriptions/{id}', {
        params: { path: { id: sub.id }, query: { environment: env } },
      }),
      404,
    );
    const [missing] = failure(
      await c.GET('/notifications/v1/subscriptions/{id}', {
        params: { path: { id: `nsub-${randomUUID().slice(0, 7)}` }, query: { environment: env } },
      }),
      404,
    );
    assert.equal(missing.code, 'not_found');
  });
});
