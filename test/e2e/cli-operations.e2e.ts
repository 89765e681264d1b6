/**
 * The CLI's billing report, metrics and notification commands as a child process against the real
 * API: json output parsed and checked against what the API itself answers, files written as
 * served, and a test notification delivered to a real webhook receiver by the scheduler's
 * delivery processor and read back from the delivery log.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '#config';
import { DbModule } from '#db';
import { NotificationsModule } from '#scheduler/notifications/notifications.module';
import { until } from '../engine/until';
import { CliRunner } from './cli-harness';
import { createEnvironment, ok, startApi, type TestApi } from './harness';
import { FLINK, INTERVAL, metricsFixture, NAME, POOL, type MetricsFixture } from './metrics-fixture';

type Row = Record<string, unknown>;

describe('cflink billing report and metrics', () => {
  let fx: MetricsFixture;
  let cli: CliRunner;
  before(async () => {
    fx = await metricsFixture('ap-cliops-1');
    cli = new CliRunner({
      CFLINK_API_URL: fx.api.baseUrl,
      CFLINK_API_KEY: fx.tenant.apiKey,
      CFLINK_API_SECRET: fx.tenant.secret,
    });
  });
  after(() => fx.api.close());

  it('metrics query gives the points the Metrics API gives, filtered and grouped', async () => {
    const s1 = fx.statements.s1.name;
    const points = await cli.json<Row[]>([
      'metrics',
      'query',
      '--metric',
      'pending_records',
      '--statement',
      s1,
      '--interval',
      INTERVAL,
    ]);
    const direct = await fx.query({
      aggregations: [{ metric: `${FLINK}pending_records` }],
      granularity: 'PT1M',
      group_by: [NAME],
      filter: { field: NAME, op: 'EQ', value: s1 },
      intervals: [INTERVAL],
    });
    assert.ok(direct.data.length > 0);
    assert.deepEqual(
      points,
      direct.data.map((p) => ({ timestamp: p.timestamp, [NAME]: p[NAME], value: p.value })),
    );

    const byPool = await cli.json<Row[]>([
      'metrics',
      'query',
      '--metric',
      'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed',
      '--group-by',
      'compute-pool',
      '--granularity',
      'ALL',
      '--interval',
      INTERVAL,
      '--environment',
      fx.ids.e1,
    ]);
    assert.deepEqual(byPool.map((p) => p[POOL]).sort(), [fx.ids.a, fx.ids.b].sort());
    assert.ok(byPool.every((p) => typeof p.value === 'number' && p.value > 0));

    const human = await cli.run([
      'metrics',
      'query',
      '--metric',
      'pending_records',
      '--statement',
      s1,
      '--interval',
      INTERVAL,
    ]);
    assert.match(human.stdout, /^TIMESTAMP +FLINK STATEMENT NAME +PENDING_RECORDS\n/);

    const bad = await cli.run(['metrics', 'query', '--metric', 'lag']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown metric "lag". Metrics: statement_utilization\/current_cfus/);
    const badInterval = await cli.run(['metrics', 'query', '--metric', 'pending_records', '--interval', 'yesterday']);
    assert.equal(badInterval.code, 1);
    assert.match(badInterval.stderr, /^Error: 400 Bad Request: .*yesterday/);
  });

  it('metrics descriptors lists each metric with its resources and labels', async () => {
    const all = await cli.json<Row[]>(['metrics', 'descriptors']);
    const names = all.map((d) => d.name);
    assert.ok(names.includes(`${FLINK}pending_records`));
    assert.ok(names.includes(`${FLINK}compute_pool_utilization/cfu_limit`));
    const pools = await cli.json<Row[]>(['metrics', 'descriptors', '--resource-type', 'compute_pool']);
    assert.ok(pools.length > 0 && pools.length < all.length);
    assert.ok(pools.every((d) => (d.resources as string[]).includes('compute_pool')));
  });

  it('billing report: the JSON report, a table, and CSV and PDF downloads that agree with the costs', async () => {
    const report = await cli.json(['billing', 'report', '--month', '2026-07']);
    const direct = ok(await fx.tenant.client.GET('/billing/v1/reports', { params: { query: { month: '2026-07' } } }));
    assert.deepEqual(report, direct);
    const total = report.total as { cfu_minutes: number; amount: number };
    assert.ok(total.cfu_minutes > 0);
    const costs = await cli.json<{ amount: number }[]>([
      'billing',
      'cost',
      'list',
      '--start-date',
      '2026-07-01',
      '--end-date',
      '2026-08-01',
    ]);
    assert.equal(
      costs.reduce((a, c) => a + Math.round(c.amount * 1e6), 0),
      Math.round(total.amount * 1e6),
    );

    const human = await cli.run(['billing', 'report', '--month', '2026-07']);
    assert.match(
      human.stdout,
      new RegExp(`2026-07-01 to 2026-08-01 \\(exclusive\\): ${total.cfu_minutes} CFU-minutes`),
    );
    assert.match(human.stdout, /\nENVIRONMENT +COMPUTE POOL +NAME +REGION +STATEMENTS +CFU MINUTES +AMOUNT\n/);
    assert.match(human.stdout, new RegExp(`\\n${fx.ids.e1} +${fx.ids.a} `));

    const csv = await cli.run([
      'billing',
      'report',
      '--start-date',
      '2026-07-01',
      '--end-date',
      '2026-07-02',
      '--format',
      'csv',
    ]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^date,environment_id,compute_pool_id,/);
    assert.ok(csv.stdout.includes(fx.statements.s1.name));

    const file = join(cli.home, 'report.pdf');
    const saved = await cli.json(['billing', 'report', '--month', '2026-07', '--format', 'pdf', '--output-file', file]);
    const pdf = readFileSync(file);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(saved, { file, format: 'pdf', bytes: pdf.length });

    const noPeriod = await cli.run(['billing', 'report']);
    assert.equal(noPeriod.code, 2);
    assert.match(noPeriod.stderr, /Which period\? Pass --month 2026-11/);
    const help = await cli.run(['billing', 'report', '--help']);
    assert.match(help.stdout, /Examples:\n {2}cflink billing report --month 2026-11\n/);
  });
});

describe('cflink notification subscriptions', () => {
  let api: TestApi;
  let scheduler: INestApplicationContext;
  let server: Server;
  let receiverUrl: string;
  const received: string[] = [];
  let cli: CliRunner;

  before(async () => {
    api = await startApi({
      CFLINK_WEBHOOK_ALLOW_HTTP: 'true',
      CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      CFLINK_WEBHOOK_BACKOFF_MS: '200',
    });
    @Module({ imports: [ConfigModule.forRoot(api.config), DbModule, NotificationsModule] })
    class Deliveries {}
    scheduler = await NestFactory.createApplicationContext(Deliveries, { logger: ['error'] });
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const env = await createEnvironment(api.admin.client);
    cli = new CliRunner({
      CFLINK_API_URL: api.baseUrl,
      CFLINK_API_KEY: api.admin.apiKey,
      CFLINK_API_SECRET: api.admin.secret,
      CFLINK_ENVIRONMENT: env.id,
    });
  });
  after(async () => {
    await scheduler?.close();
    await new Promise((r) => server?.close(r));
    await api?.close();
  });

  it('create, list, describe, update, test with its delivery log, and delete', async () => {
    const created = await cli.json([
      'notification',
      'subscription',
      'create',
      '--url',
      receiverUrl,
      '--event-types',
      'STATEMENT_FAILED,statement_degraded',
      '--name',
      'ops',
    ]);
    const id = String(created.id);
    assert.match(id, /^nsub-/);
    assert.match(String(created.secret), /^whsec_/);
    assert.deepEqual(created.event_types, ['STATEMENT_FAILED', 'STATEMENT_DEGRADED']);
    assert.equal(created.format, 'JSON');

    const listed = await cli.json<Row[]>(['notification', 'subscription', 'list']);
    assert.deepEqual(
      listed.map((s) => [s.id, s.name, s.url]),
      [[id, 'ops', receiverUrl]],
    );
    assert.ok(!JSON.stringify(listed).includes(String(created.secret)));
    const described = await cli.json(['notification', 'subscription', 'describe', id]);
    assert.equal(described.id, id);
    assert.ok(!('secret' in described), 'the secret is shown once');

    const updated = await cli.json(['notification', 'subscription', 'update', id, '--pending-minutes', '5']);
    assert.equal(updated.pending_minutes, 5);
    assert.deepEqual(updated.event_types, ['STATEMENT_FAILED', 'STATEMENT_DEGRADED']);
    const budgeted = await cli.json([
      'notification',
      'subscription',
      'update',
      id,
      '--event-types',
      'STATEMENT_FAILED,STATEMENT_DEAD_LETTERS,CFU_BUDGET_CROSSED',
      '--dead-letter-window-minutes',
      '30',
      '--budget-cfu-minutes',
      '6000',
      '--budget-thresholds',
      '80,100%',
    ]);
    assert.equal(budgeted.dead_letter_window_minutes, 30);
    assert.deepEqual(budgeted.cfu_budget, { cfu_minutes: 6000, thresholds_percent: [80, 100] });
    const shown = await cli.run(['notification', 'subscription', 'describe', id]);
    assert.match(shown.stdout, /CFU Budget +6000 CFU-minutes\/month at 80,100%/);
    const noBudgetKept = await cli.run(['notification', 'subscription', 'update', id, '--no-budget']);
    assert.equal(noBudgetKept.code, 1, 'CFU_BUDGET_CROSSED without a budget is refused');
    assert.match(noBudgetKept.stderr, /cfu_budget/);
    const cleared = await cli.json([
      'notification',
      'subscription',
      'update',
      id,
      '--no-budget',
      '--event-types',
      'STATEMENT_FAILED',
    ]);
    assert.equal(cleared.cfu_budget, null);

    const sent = await cli.json(['notification', 'subscription', 'test', id]);
    assert.equal(sent.event_type, 'TEST');
    const log = await until('the delivery of the test notification', async () => {
      const rows = await cli.json<Row[]>(['notification', 'delivery', 'list', id]);
      return rows.some((r) => r.delivered === true) ? rows : undefined;
    });
    assert.deepEqual(
      log.map((r) => [r.notification_id, r.event_type, r.attempt, r.status_code, r.delivered]),
      [[sent.notification_id, 'TEST', 1, 200, true]],
    );
    assert.equal(JSON.parse(received[0]).id, sent.notification_id);
    const human = await cli.run(['notification', 'delivery', 'list', id]);
    assert.match(human.stdout, /^AT +NOTIFICATION ID +EVENT TYPE +ATTEMPT +DELIVERED/);

    const badType = await cli.run([
      'notification',
      'subscription',
      'create',
      '--url',
      receiverUrl,
      '--event-types',
      'OOPS',
    ]);
    assert.equal(badType.code, 2);
    assert.match(badType.stderr, /Unknown event type "OOPS"/);
    const badUrl = await cli.run([
      'notification',
      'subscription',
      'create',
      '--url',
      'ftp://x',
      '--event-types',
      'STATEMENT_FAILED',
    ]);
    assert.equal(badUrl.code, 1);
    assert.match(badUrl.stderr, /^Error: 400 Bad Request: /);

    assert.deepEqual(await cli.json(['notification', 'subscription', 'delete', id, '--force']), [
      { id, deleted: true },
    ]);
    assert.equal((await cli.run(['notification', 'subscription', 'describe', id])).code, 4);
    const help = await cli.run(['notification', 'subscription', 'test', '--help']);
    assert.match(help.stdout, /Examples:\n {2}cflink notification subscription test nsub-/);
  });
});
