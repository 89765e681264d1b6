/**
 * The metering ledger and the costs API against the real PostgreSQL and API, with the
 * scheduler's metering parts driven directly at chosen instants (no engine: samples are fed
 * as a worker would publish them). Statements live in a region of this file's own, so the
 * passes here fill nothing of other files' statements.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { mergeSample, type MinuteBucket } from '#domain';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { MeteringPass } from '#scheduler/metering/metering-pass';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { until } from '../engine/until';
import { bind, createEnvironment, failure, keyFor, ok, startApi, unique, type TestApi, type Tenant } from './harness';

const REGION = 'ap-metering-1';
const t = (iso: string) => new Date(iso);

describe('metering: the CFU-minute ledger and billing/v1 costs', () => {
  let api: TestApi;
  let prisma: PrismaService;
  let ledger: CfuLedger;
  let store: StatementMetricsStore;
  const pass = () => new MeteringPass(api.config, prisma, ledger);

  before(async () => {
    api = await startApi({
      CFLINK_REGIONS: `AWS:us-east-1,AWS:${REGION}`,
      CFLINK_ENGINE_REGION: `AWS:${REGION}`,
      CFLINK_CFU_HOUR_PRICES: `aws.${REGION}=0.3`,
      CFLINK_METRIC_SAMPLE_RETENTION_HOURS: '24',
    });
    prisma = api.app.get(PrismaService);
    ledger = new CfuLedger(prisma);
    store = new StatementMetricsStore(prisma, ledger);
  });
  after(() => api.close());

  /** A tenant with a pool in this file's region and a statement there made to look RUNNING since `since`. */
  async function running(tenant: Tenant, since: Date, cfu = 2) {
    const env = await createEnvironment(tenant.client);
    const spec = {
      display_name: unique('pool'),
      cloud: 'AWS',
      region: REGION,
      max_cfu: 10,
      environment: { id: env.id },
    };
    const pool = ok(await tenant.client.POST('/fcpm/v2/compute-pools', { body: { spec } as never }));
    const created = ok(
      await tenant.client.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
        params: { path: { organization_id: tenant.organizationId, environment_id: env.id } },
        body: { name: unique('m'), spec: { statement: 'SELECT 1', compute_pool_id: pool.id } },
      }),
    );
    const uid = created.metadata.uid!;
    await prisma.statement.update({
      where: { uid },
      data: { phase: 'RUNNING', cfu, startTime: since, flinkJobId: randomUUID().replace(/-/g, ''), dispatched: true },
    });
    return { uid, env: env.id, pool: pool.id };
  }

  const sample = (uid: string, pool: string, at: string, currentCfu: number): MetricSample => ({
    version: 1,
    statementUid: uid,
    computePoolId: pool,
    at,
    recordsIn: 0,
    recordsOut: 0,
    pendingRecords: 0,
    currentCfu,
    stateSizeBytes: 0,
  });

  const minutes = async (uid: string) =>
    Object.fromEntries(
      (await prisma.cfuMinute.findMany({ where: { statementUid: uid }, orderBy: { minute: 'asc' } })).map((m) => [
        m.minute.toISOString().slice(11, 16),
        m.cfu,
      ]),
    );

  const costs = (tenant: Tenant, query: string) =>
    fetch(`${api.baseUrl}/billing/v1/costs?${query}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${tenant.apiKey}:${tenant.secret}`).toString('base64')}` },
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any

  /** The daily quantities (CFU-minutes) of a tenant's cost lines once the roll-ups show `expected`. */
  const costsShow = (tenant: Tenant, query: string, expected: Record<string, number>) =>
    until(
      `costs to show ${JSON.stringify(expected)}`,
      async () => {
        const { body } = await costs(tenant, query);
        const got = Object.fromEntries(
          (body.data as { start_date: string; quantity: number }[]).map((l) => [
            l.start_date,
            Math.round(l.quantity * 60),
          ]),
        );
        return JSON.stringify(got) === JSON.stringify(expected) ? (body.data as Record<string, unknown>[]) : undefined;
      },
      20_000,
    );

  it('replayed samples count once; a silent worker is filled; a restarted pass adds nothing; UTC days split', async () => {
    const tenant = await api.newTenant(unique('bill'));
    const s = await running(tenant, t('2026-01-31T23:57:05Z'));
    const samples = [
      sample(s.uid, s.pool, '2026-01-31T23:57:10.000Z', 2),
      sample(s.uid, s.pool, '2026-01-31T23:57:40.000Z', 3),
      sample(s.uid, s.pool, '2026-01-31T23:58:20.000Z', 2),
    ];
    for (const x of samples) await store.apply(x);
    await pass().run(t('2026-01-31T23:58:30Z')); // first sight: nothing to fill yet
    // Replays, in another order, after the pass: still the most CFUs of each minute.
    for (const x of [...samples].reverse().concat(samples)) await store.apply(x);
    assert.deepEqual(await minutes(s.uid), { '23:57': 3, '23:58': 2 });
    const folded = samples.reduce<MinuteBucket | null>(
      (b, x) => (x.at < '2026-01-31T23:58' ? mergeSample(b, x.currentCfu) : b),
      null,
    );
    assert.equal(folded?.cfu, 3, 'the SQL upsert agrees with libs/domain mergeSample');

    // The worker dies: no samples from 23:58:20 on; the pass fills the silent minutes before the current one.
    await pass().run(t('2026-02-01T00:02:10Z'));
    assert.deepEqual(await minutes(s.uid), { '23:57': 3, '23:58': 2, '23:59': 2, '00:00': 2, '00:01': 2 });
    // A restarted scheduler (a new pass, same minute and later in it) double-counts nothing.
    await pass().run(t('2026-02-01T00:02:10Z'));
    await pass().run(t('2026-02-01T00:02:50Z'));
    assert.equal(Object.keys(await minutes(s.uid)).length, 5);
    // A fill never overwrites a minute the ledger holds (a replayed or concurrent pass).
    await ledger.fill([{ statementUid: s.uid, minute: t('2026-01-31T23:59:00Z'), cfu: 5 }]);
    assert.equal((await minutes(s.uid))['23:59'], 2);

    // A late real sample replaces the value filled in for its minute.
    await store.apply(sample(s.uid, s.pool, '2026-02-01T00:00:30.000Z', 1));
    await pass().run(t('2026-02-01T00:02:55Z'));
    assert.equal((await minutes(s.uid))['00:00'], 1);

    // It stops at 00:03:30: the pass fills through its end minute, then forgets it.
    await prisma.statement.update({
      where: { uid: s.uid },
      data: { phase: 'STOPPED', cfu: 0, endTime: t('2026-02-01T00:03:30Z') },
    });
    await pass().run(t('2026-02-01T00:05:00Z'));
    await pass().run(t('2026-02-01T00:09:00Z'));
    assert.deepEqual(await minutes(s.uid), {
      '23:57': 3,
      '23:58': 2,
      '23:59': 2,
      '00:00': 1,
      '00:01': 2,
      '00:02': 2,
      '00:03': 2,
    });

    const lines = await costsShow(tenant, 'start_date=2026-01-31&end_date=2026-02-02', {
      '2026-01-31': 7,
      '2026-02-01': 7,
    });
    assert.deepEqual(
      lines.map((l) => [l.start_date, l.end_date, l.product, l.line_type, l.price, l.amount, l.resource]),
      [
        ['2026-01-31', '2026-02-01', 'FLINK', 'FLINK_NUM_CFUS', 0.3, 0.035, lines[0].resource],
        ['2026-02-01', '2026-02-02', 'FLINK', 'FLINK_NUM_CFUS', 0.3, 0.035, lines[1].resource],
      ],
    );
    assert.deepEqual((lines[0].resource as { id: string; environment: { id: string } }).environment, { id: s.env });
    assert.equal((lines[0].resource as { id: string }).id, s.pool);
    // The month of January alone holds its own day only (end exclusive).
    await costsShow(tenant, 'start_date=2026-01-01&end_date=2026-02-01', { '2026-01-31': 7 });
  });

  it('stores a batch of samples exactly as one by one (the consumer stores them in batches)', async () => {
    const tenant = await api.newTenant(unique('batch'));
    const one = await running(tenant, t('2026-03-01T10:00:00Z'));
    const batched = await running(tenant, t('2026-03-01T10:00:00Z'));
    // Two samples in one minute (the most CFUs wins), a replay, another minute, out of order.
    const at = ['10:00:10', '10:00:40', '10:01:20', '10:00:10'];
    const cfus = [2, 4, 1, 2];
    const of = (x: { uid: string; pool: string }) =>
      at.map((a, i) => ({ ...sample(x.uid, x.pool, `2026-03-01T${a}.000Z`, cfus[i]), recordsIn: 10 * (i + 1) }));
    for (const x of of(one)) await store.apply(x);
    await store.applyBatch(of(batched));
    assert.deepEqual(await minutes(batched.uid), await minutes(one.uid));
    assert.deepEqual(await minutes(batched.uid), { '10:00': 4, '10:01': 1 });
    const series = async (uid: string) =>
      (await prisma.statementMetricSample.findMany({ where: { statementUid: uid }, orderBy: { at: 'asc' } })).map(
        (m) => [m.at.toISOString(), Number(m.recordsIn), m.currentCfu],
      );
    assert.deepEqual(await series(batched.uid), await series(one.uid));
    assert.equal((await series(batched.uid)).length, 3, 'a replayed sample is stored once');
    const latest = async (uid: string) =>
      ((await prisma.statement.findUniqueOrThrow({ where: { uid } })).latestMetrics as { at: string }).at;
    assert.equal(await latest(batched.uid), '2026-03-01T10:01:20.000Z', 'the latest sample is the latest_metrics');
    assert.equal(await latest(one.uid), await latest(batched.uid));
  });

  it('a job that ran without leaving a minute is charged the minimum CFU-minute, once', async () => {
    const tenant = await api.newTenant(unique('bill'));
    const s = await running(tenant, t('2026-03-10T12:00:40Z'));
    await prisma.statement.update({
      where: { uid: s.uid },
      data: { phase: 'COMPLETED', cfu: 0, endTime: t('2026-03-10T12:00:45Z') },
    });
    await pass().run(t('2026-03-10T12:05:00Z'));
    await pass().run(t('2026-03-10T12:06:00Z'));
    assert.deepEqual(await minutes(s.uid), { '12:00': 1 });
    await costsShow(tenant, 'start_date=2026-03-10&end_date=2026-03-11', { '2026-03-10': 1 });
  });

  it('pages with page_size and page_token; refuses bad ranges with 400; needs BillingAdmin (403 otherwise)', async () => {
    const tenant = await api.newTenant(unique('bill'));
    const a = await running(tenant, t('2026-04-01T10:00:00Z'), 1);
    const b = await running(tenant, t('2026-04-01T10:00:00Z'), 1);
    for (const s of [a, b]) await store.apply(sample(s.uid, s.pool, '2026-04-01T10:00:30.000Z', 4));
    await pass().run(t('2026-04-01T10:00:40Z'));
    const query = 'start_date=2026-04-01&end_date=2026-04-02';
    await until('both pools rolled up', async () =>
      (await costs(tenant, query)).body.data.length === 2 ? true : undefined,
    );
    const first = await costs(tenant, `${query}&page_size=1`);
    assert.equal(first.body.data.length, 1);
    const next = new URL(first.body.metadata.next as string);
    assert.equal(next.searchParams.get('start_date'), '2026-04-01');
    const second = await costs(tenant, next.searchParams.toString());
    assert.equal(second.body.data.length, 1);
    assert.equal(second.body.metadata.next, null);
    assert.notEqual(first.body.data[0].resource.id, second.body.data[0].resource.id);
    assert.deepEqual([first, second].map((p) => p.body.data[0].quantity * 60).map(Math.round), [4, 4]);

    for (const bad of ['start_date=2026-04-02&end_date=2026-04-01', 'start_date=2025-01-01&end_date=2026-04-01']) {
      const res = await costs(tenant, bad);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.errors[0].status, '400');
    }
    const foreignToken = next.searchParams.get('page_token')!;
    const replayed = await costs(tenant, `start_date=2026-04-01&end_date=2026-04-03&page_token=${foreignToken}`);
    assert.equal(replayed.status, 400);

    // A FlinkAdmin of the organization reads no costs; a BillingAdmin does.
    const sa = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    const orgCrn = `crn://confluent.cloud/organization=${tenant.organizationId}`;
    await bind(tenant.client, sa.id, 'FlinkAdmin', orgCrn);
    const asSa = await keyFor(api, tenant.client, sa.id);
    const denied = await asSa.GET('/billing/v1/costs', {
      params: { query: { start_date: '2026-04-01', end_date: '2026-04-02' } },
    });
    assert.equal(failure(denied, 403)[0].code, 'user_unauthorized');
    await bind(tenant.client, sa.id, 'BillingAdmin', orgCrn);
    const allowed = ok(
      await asSa.GET('/billing/v1/costs', { params: { query: { start_date: '2026-04-01', end_date: '2026-04-02' } } }),
    );
    assert.equal(allowed.data.length, 2);
    for (const s of [a, b]) {
      await prisma.statement.update({
        where: { uid: s.uid },
        data: { phase: 'STOPPED', endTime: t('2026-04-01T10:00:50Z') },
      });
    }
  });

  it('prunes raw samples past their retention, keeping the ledger', async () => {
    const tenant = await api.newTenant(unique('bill'));
    const s = await running(tenant, t('2026-05-01T00:00:00Z'));
    await store.apply(sample(s.uid, s.pool, '2026-05-01T00:00:10.000Z', 2)); // 26 hours before "now"
    await store.apply(sample(s.uid, s.pool, '2026-05-02T01:30:10.000Z', 2)); // 30 minutes before
    await prisma.statement.update({
      where: { uid: s.uid },
      data: { phase: 'STOPPED', endTime: t('2026-05-02T01:30:20Z') },
    });
    await pass().run(t('2026-05-02T02:00:00Z'));
    const kept = await prisma.statementMetricSample.findMany({ where: { statementUid: s.uid } });
    assert.deepEqual(
      kept.map((k) => k.at.toISOString()),
      ['2026-05-02T01:30:10.000Z'],
    );
    assert.equal((await minutes(s.uid))['00:00'], 2);
  });

  it('metrics: CFUs and CFU-minutes per pool and statement agree with the costs; MetricsViewer only', async () => {
    const tenant = await api.newTenant(unique('metrics'));
    const a = await running(tenant, t('2026-06-01T10:00:00Z'));
    const b = await running(tenant, t('2026-06-01T10:00:00Z'));
    for (const [s, at, cfu] of [
      [a, '10:00:10', 2],
      [a, '10:01:10', 2],
      [a, '10:02:10', 4],
      [b, '10:00:20', 3],
      [b, '10:01:20', 3],
    ] as const) {
      await store.apply(sample(s.uid, s.pool, `2026-06-01T${at}.000Z`, cfu));
    }
    for (const s of [a, b]) {
      await prisma.statement.update({
        where: { uid: s.uid },
        data: { phase: 'STOPPED', endTime: t('2026-06-01T10:02:30Z') },
      });
    }
    await pass().run(t('2026-06-01T10:05:00Z'));
    const query = (body: Record<string, unknown>, tenantOrKey: Tenant | { apiKey: string; secret: string } = tenant) =>
      fetch(`${api.baseUrl}/v2/metrics/cloud/query`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${tenantOrKey.apiKey}:${tenantOrKey.secret}`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any
    const consumed = 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed';
    const interval = '2026-06-01T10:00:00Z/PT10M';

    const perMinute = await query({
      aggregations: [{ metric: consumed }],
      granularity: 'PT1M',
      group_by: ['resource.compute_pool.id'],
      filter: { field: 'resource.compute_pool.id', op: 'EQ', value: a.pool },
      intervals: [interval],
    });
    assert.equal(perMinute.status, 200);
    assert.deepEqual(perMinute.body.data, [
      { timestamp: '2026-06-01T10:00:00.000Z', value: 2, 'resource.compute_pool.id': a.pool },
      { timestamp: '2026-06-01T10:01:00.000Z', value: 2, 'resource.compute_pool.id': a.pool },
      { timestamp: '2026-06-01T10:02:00.000Z', value: 4, 'resource.compute_pool.id': a.pool },
    ]);
    const aligned = await query({
      aggregations: [{ metric: consumed }],
      granularity: 'PT5M',
      filter: { op: 'AND', filters: [{ field: 'resource.compute_pool.id', op: 'EQ', value: a.pool }] },
      intervals: ['2026-06-01T09:58:00Z/PT10M'],
    });
    // Buckets start at the interval's start (09:58), not on the clock's five minutes.
    assert.deepEqual(aligned.body.data, [{ timestamp: '2026-06-01T09:58:00.000Z', value: 8 }]);
    const mean = await query({
      aggregations: [{ metric: 'io.confluent.flink/statement_utilization/current_cfus', agg: 'SUM' }],
      granularity: 'PT5M',
      intervals: [interval],
      format: 'GROUPED',
    });
    // (2 + 2 + 4 + 3 + 3) CFU-minutes over the first five minutes: 2.8 CFUs held on average.
    assert.deepEqual(mean.body.data, [{ points: [{ timestamp: '2026-06-01T10:00:00.000Z', value: 2.8 }] }]);

    // Totals per pool over the day agree with the costs API, to the CFU-minute.
    const totals = await query({
      aggregations: [{ metric: consumed }],
      granularity: 'ALL',
      group_by: ['resource.compute_pool.id'],
      intervals: ['2026-06-01T00:00:00Z/P1D'],
    });
    const cost = await until('both pools costed', async () => {
      const data = (await costs(tenant, 'start_date=2026-06-01&end_date=2026-06-02')).body.data as {
        quantity: number;
        resource: { id: string };
      }[];
      return data.length === 2 ? data : undefined;
    });
    assert.deepEqual(
      Object.fromEntries(
        totals.body.data.map((p: Record<string, number | string>) => [p['resource.compute_pool.id'], p.value]),
      ),
      Object.fromEntries(cost.map((l) => [l.resource.id, Math.round(l.quantity * 60)])),
    );

    const bad = await query({
      aggregations: [{ metric: consumed }],
      granularity: 'PT1M',
      intervals: ['2026-06-01/PT1H'],
    });
    assert.equal(bad.status, 400);
    // A FlinkAdmin of the organization may not read metrics; a MetricsViewer may.
    const sa = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('sa') } }));
    const orgCrn = `crn://confluent.cloud/organization=${tenant.organizationId}`;
    await bind(tenant.client, sa.id, 'FlinkAdmin', orgCrn);
    const key = ok(await tenant.client.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id } } } }));
    const asSa = { apiKey: key.id, secret: key.spec.secret! };
    const body = { aggregations: [{ metric: consumed }], granularity: 'ALL', intervals: [interval] };
    assert.equal((await query(body, asSa)).status, 403);
    await bind(tenant.client, sa.id, 'MetricsViewer', orgCrn);
    assert.equal((await query(body, asSa)).status, 200);
  });
});
