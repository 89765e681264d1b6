/**
 * The Metrics API against the real PostgreSQL and API: engine samples fed as a worker publishes
 * them and the scheduler's metering pass run at chosen instants, then queried (FLAT, GROUPED,
 * filters, group_by, granularity, order_by), described, exported in the Prometheus format and
 * read back with a Prometheus text parser; who may read what; the operators' endpoint.
 * Statements live in a region of this file's own, so its metering passes touch nothing else.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { MeteringPass } from '#scheduler/metering/metering-pass';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { until } from '../engine/until';
import { bind, createEnvironment, failure, keyFor, ok, startApi, unique, type TestApi, type Tenant } from './harness';
import { parsePrometheus, sampleValue } from './prometheus-text';

const REGION = 'ap-metrics-1';
const FLINK = 'io.confluent.flink/';
const POOL = 'resource.compute_pool.id';
const NAME = 'resource.flink_statement.name';
const ENV = 'resource.environment.id';
const t = (iso: string) => new Date(iso);

type Body = Record<string, unknown>;

describe('metrics: Metrics API v2 query, descriptors, export; operator metrics', () => {
  let api: TestApi;
  let prisma: PrismaService;
  let store: StatementMetricsStore;
  let tenant: Tenant;
  let ledger: CfuLedger;
  /** Two environments: e1 with pools a (10 CFUs) and b (20), e2 with pool c; one statement on each pool. */
  const fx = {} as Record<'e1' | 'e2' | 'a' | 'b' | 'c', string> &
    Record<'s1' | 's2' | 's3', { uid: string; name: string }>;

  before(async () => {
    api = await startApi({ CFLINK_REGIONS: `AWS:us-east-1,AWS:${REGION}`, CFLINK_ENGINE_REGION: `AWS:${REGION}` });
    prisma = api.app.get(PrismaService);
    ledger = new CfuLedger(prisma);
    store = new StatementMetricsStore(prisma, ledger);
    tenant = await api.newTenant(unique('metrics'));
    const c = tenant.client;
    const pool = async (env: string, max: 10 | 20) =>
      ok(
        await c.POST('/fcpm/v2/compute-pools', {
          body: {
            spec: { display_name: unique('p'), cloud: 'AWS', region: REGION, max_cfu: max, environment: { id: env } },
          },
        }),
      ).id;
    const statement = async (env: string, poolId: string) => {
      const s = ok(
        await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
          params: { path: { organization_id: tenant.organizationId, environment_id: env } },
          body: { name: unique('s'), spec: { statement: 'SELECT 1', compute_pool_id: poolId } },
        }),
      );
      await prisma.statement.update({
        where: { uid: s.metadata.uid! },
        data: {
          phase: 'RUNNING',
          cfu: 2,
          startTime: t('2026-07-01T10:00:00Z'),
          dispatched: true,
          flinkJobId: randomUUID().replace(/-/g, ''),
        },
      });
      return { uid: s.metadata.uid!, name: s.name! };
    };
    fx.e1 = (await createEnvironment(c)).id;
    fx.e2 = (await createEnvironment(c)).id;
    fx.a = await pool(fx.e1, 10);
    fx.b = await pool(fx.e1, 20);
    fx.c = await pool(fx.e2, 10);
    fx.s1 = await statement(fx.e1, fx.a);
    fx.s2 = await statement(fx.e1, fx.b);
    fx.s3 = await statement(fx.e2, fx.c);

    const sample = (s: { uid: string }, poolId: string, at: string, v: Partial<MetricSample>): MetricSample => ({
      version: 1,
      statementUid: s.uid,
      computePoolId: poolId,
      at: `2026-07-01T${at}.000Z`,
      recordsIn: 0,
      recordsOut: 0,
      pendingRecords: 0,
      currentCfu: 2,
      stateSizeBytes: 0,
      ...v,
    });
    const wm = (iso: string) => Date.parse(`2026-07-01T${iso}Z`);
    for (const x of [
      // s1 restarts between 10:00:40 and 10:01:10: its counter drops and counts from zero again.
      sample(fx.s1, fx.a, '10:00:10', {
        recordsIn: 100,
        recordsOut: 10,
        pendingRecords: 40,
        stateSizeBytes: 1000,
        currentOutputWatermarkMs: wm('09:59:00'),
      }),
      sample(fx.s1, fx.a, '10:00:40', {
        recordsIn: 160,
        recordsOut: 16,
        pendingRecords: 20,
        stateSizeBytes: 3000,
        currentOutputWatermarkMs: wm('09:59:30'),
      }),
      sample(fx.s1, fx.a, '10:01:10', {
        recordsIn: 30,
        recordsOut: 3,
        pendingRecords: 10,
        stateSizeBytes: 500,
        currentOutputWatermarkMs: wm('10:00:30'),
        currentCfu: 3,
      }),
      sample(fx.s2, fx.b, '10:00:20', { recordsIn: 1000, pendingRecords: 5, currentOutputWatermarkMs: wm('09:58:00') }),
      sample(fx.s2, fx.b, '10:01:20', { recordsIn: 1500, pendingRecords: 7, currentOutputWatermarkMs: wm('10:01:00') }),
      sample(fx.s3, fx.c, '10:00:30', { recordsIn: 7, pendingRecords: 100 }),
    ]) {
      await store.apply(x);
    }
    await new MeteringPass(api.config, prisma, ledger).run(t('2026-07-01T10:02:05Z'));
  });
  after(() => api.close());

  const query = async (body: Body, client = tenant.client) => {
    const res = await client.POST('/v2/metrics/cloud/query', { body: body as never });
    return {
      status: res.response.status,
      data: (res.data?.data ?? []) as Record<string, string | number>[],
      error: res,
    };
  };
  const interval = '2026-07-01T10:00:00Z/PT5M';

  it('counters are per-bucket increases of the engine counters (a restart counts from zero), FLAT and GROUPED', async () => {
    const flat = await query({
      aggregations: [{ metric: `${FLINK}num_records_in` }],
      granularity: 'PT1M',
      group_by: [NAME],
      filter: {
        op: 'OR',
        filters: [
          { field: POOL, op: 'EQ', value: fx.a },
          { field: POOL, op: 'EQ', value: fx.b },
        ],
      },
      intervals: [interval],
    });
    assert.equal(flat.status, 200);
    const at = (m: string) => `2026-07-01T10:0${m}:00.000Z`;
    const sorted = [...flat.data].sort((x, y) => `${x.timestamp}${x[NAME]}`.localeCompare(`${y.timestamp}${y[NAME]}`));
    assert.deepEqual(sorted, [
      { timestamp: at('0'), value: 160, [NAME]: fx.s1.name },
      { timestamp: at('0'), value: 1000, [NAME]: fx.s2.name },
      { timestamp: at('1'), value: 30, [NAME]: fx.s1.name },
      { timestamp: at('1'), value: 500, [NAME]: fx.s2.name },
    ]);
    const grouped = await query({
      aggregations: [{ metric: `${FLINK}num_records_in`, agg: 'SUM' }],
      granularity: 'PT5M',
      group_by: [ENV],
      intervals: [interval],
      format: 'GROUPED',
    });
    assert.deepEqual(
      grouped.data,
      [
        { [ENV]: fx.e1, points: [{ timestamp: at('0'), value: 1690 }] },
        { [ENV]: fx.e2, points: [{ timestamp: at('0'), value: 7 }] },
      ].sort((x, y) => x[ENV].localeCompare(y[ENV])),
    );
  });

  it('gauges average over the bucket and sum across series; watermarks take the earliest; filters nest', async () => {
    const pending = await query({
      aggregations: [{ metric: `${FLINK}pending_records` }],
      granularity: 'PT1M',
      filter: {
        op: 'AND',
        filters: [
          { field: ENV, op: 'EQ', value: fx.e1 },
          { op: 'NOT', filter: { field: NAME, op: 'EQ', value: fx.s2.name } },
        ],
      },
      intervals: [interval],
    });
    // s1 alone: (40 + 20) / 2 in 10:00, 10 in 10:01.
    assert.deepEqual(
      pending.data.map((p) => p.value),
      [30, 10],
    );
    const state = await query({
      aggregations: [{ metric: `${FLINK}operator/state_size_bytes` }],
      granularity: 'ALL',
      group_by: [POOL],
      filter: { field: POOL, op: 'EQ', value: fx.a },
      intervals: [interval],
    });
    assert.deepEqual(state.data, [{ timestamp: '2026-07-01T10:00:00.000Z', value: 1500, [POOL]: fx.a }]);
    const watermark = await query({
      aggregations: [{ metric: `${FLINK}current_output_watermark_milliseconds` }],
      granularity: 'PT1M',
      filter: { field: ENV, op: 'EQ', value: fx.e1 },
      intervals: [interval],
    });
    // Per statement the latest of the minute, then the earliest across statements.
    assert.deepEqual(
      watermark.data.map((p) => new Date(p.value as number).toISOString().slice(11, 19)),
      ['09:58:00', '10:00:30'],
    );
    const summed = await query({
      aggregations: [{ metric: `${FLINK}current_output_watermark_milliseconds`, agg: 'SUM' }],
      granularity: 'PT1M',
      intervals: [interval],
    });
    assert.equal(summed.status, 400);
    assert.match(String(failure(summed.error, 400)[0].detail), /MIN, not SUM: omit agg/);
  });

  it('pool limits hold in every bucket; order_by ranks groups by value (granularity ALL only); limit cuts groups', async () => {
    const limits = await query({
      aggregations: [{ metric: `${FLINK}compute_pool_utilization/cfu_limit` }],
      granularity: 'PT1M',
      group_by: [POOL],
      filter: { field: ENV, op: 'EQ', value: fx.e1 },
      intervals: ['2026-07-01T10:00:00Z/PT2M'],
      format: 'GROUPED',
    });
    // The pools were created now, after July: no bucket of that interval ends after their creation.
    assert.deepEqual(limits.data, []);
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const current = await query({
      aggregations: [{ metric: `${FLINK}compute_pool_utilization/cfu_limit` }],
      granularity: 'PT1M',
      group_by: [POOL],
      filter: { field: ENV, op: 'EQ', value: fx.e1 },
      intervals: [`${now}/PT2M`],
      format: 'GROUPED',
    });
    const byPool = Object.fromEntries(
      current.data.map((g) => [g[POOL], (g.points as unknown as { value: number }[]).map((p) => p.value)]),
    );
    assert.deepEqual(byPool, { [fx.a]: [10, 10], [fx.b]: [20, 20] });

    const top = await query({
      aggregations: [{ metric: `${FLINK}num_records_in` }],
      granularity: 'ALL',
      group_by: [NAME],
      order_by: [{ metric: `${FLINK}num_records_in`, order: 'DESCENDING' }],
      limit: 2,
      intervals: [interval],
    });
    assert.deepEqual(
      top.data.map((p) => [p[NAME], p.value]),
      [
        [fx.s2.name, 1500],
        [fx.s1.name, 190],
      ],
    );
    const misplaced = await query({
      aggregations: [{ metric: `${FLINK}num_records_in` }],
      granularity: 'PT1M',
      order_by: [{ metric: `${FLINK}num_records_in` }],
      intervals: [interval],
    });
    assert.match(String(failure(misplaced.error, 400)[0].detail), /only valid with granularity ALL/);
    const badLabel = await query({
      aggregations: [{ metric: `${FLINK}compute_pool_utilization/cfu_limit` }],
      granularity: 'ALL',
      group_by: [NAME],
      intervals: [interval],
    });
    assert.equal(failure(badLabel.error, 400)[0].source?.pointer, '/group_by/0');
  });

  it('CFU-minutes agree with the ledger to the CFU-minute, from minutes and from hourly roll-ups', async () => {
    const ledgerRows = await prisma.cfuMinute.groupBy({
      by: ['computePoolId'],
      where: { statementUid: { in: [fx.s1.uid, fx.s2.uid, fx.s3.uid] } },
      _sum: { cfu: true },
    });
    const expected = Object.fromEntries(ledgerRows.map((r) => [r.computePoolId, r._sum.cfu]));
    // s1 and s2 sampled in both minutes; s3 only in the first (the pass's first sight fills nothing yet).
    assert.deepEqual(expected, { [fx.a]: 2 + 3, [fx.b]: 2 + 2, [fx.c]: 2 }, 'the ledger holds what the samples said');
    const consumed = (intervals: string[], granularity: string) =>
      query({
        aggregations: [{ metric: `${FLINK}compute_pool_utilization/cfu_minutes_consumed` }],
        granularity,
        group_by: [POOL],
        intervals,
      }).then((r) => Object.fromEntries(r.data.map((p) => [p[POOL], p.value])));
    assert.deepEqual(await consumed(['2026-07-01T10:00:00Z/PT30M'], 'ALL'), expected);
    // Hour-aligned: read from cfu_hours, which the metering pass rolled up.
    await until('hourly roll-ups', async () =>
      JSON.stringify(await consumed(['2026-07-01T00:00:00Z/P1D'], 'PT1H')) === JSON.stringify(expected)
        ? true
        : undefined,
    );
    const mean = await query({
      aggregations: [{ metric: `${FLINK}statement_utilization/current_cfus` }],
      granularity: 'PT1M',
      filter: { field: NAME, op: 'EQ', value: fx.s1.name },
      intervals: [interval],
    });
    assert.deepEqual(
      mean.data.map((p) => p.value),
      [2, 3],
    );
  });

  it('descriptors list the metrics and resources, paged', async () => {
    const first = ok(
      await tenant.client.GET('/v2/metrics/cloud/descriptors/metrics', { params: { query: { page_size: 4 } } }),
    );
    assert.equal(first.data.length, 4);
    assert.equal(first.meta.pagination.total_size, 11);
    const names = first.data.map((d) => d.name);
    let token = first.meta.pagination.next_page_token;
    while (token) {
      const page = ok(
        await tenant.client.GET('/v2/metrics/cloud/descriptors/metrics', {
          params: { query: { page_size: 4, page_token: token } },
        }),
      );
      names.push(...page.data.map((d) => d.name));
      token = page.meta.pagination.next_page_token;
    }
    assert.equal(new Set(names).size, 11);
    assert.ok(names.includes(`${FLINK}pending_records`));
    const pools = ok(
      await tenant.client.GET('/v2/metrics/cloud/descriptors/metrics', {
        params: { query: { resource_type: 'compute_pool' } },
      }),
    );
    assert.deepEqual(
      pools.data.map((d) => d.resources),
      pools.data.map(() => ['compute_pool']),
    );
    const resources = ok(await tenant.client.GET('/v2/metrics/cloud/descriptors/resources'));
    assert.deepEqual(
      resources.data.map((r) => r.type),
      ['compute_pool', 'flink_statement'],
    );
    assert.ok(resources.data[1].labels.some((l) => l.key === 'flink_statement.name'));
  });

  const exportText = async (query: string, auth: { key: string; secret: string }) => {
    const res = await fetch(`${api.baseUrl}/v2/metrics/cloud/export${query}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${auth.key}:${auth.secret}`).toString('base64')}` },
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('exports current values in the Prometheus text format, filtered by pool and metric', async () => {
    const admin = { key: tenant.apiKey, secret: tenant.secret };
    const all = await exportText('', admin);
    assert.equal(all.status, 200);
    assert.match(all.type ?? '', /^text\/plain;.*version=0\.0\.4/);
    const families = parsePrometheus(all.text);
    const s1 = { flink_statement_name: fx.s1.name, compute_pool_id: fx.a, environment_id: fx.e1 };
    assert.equal(sampleValue(families, 'confluent_flink_pending_records', s1), 10);
    assert.equal(sampleValue(families, 'confluent_flink_operator_state_size_bytes', s1), 500);
    assert.equal(sampleValue(families, 'confluent_flink_statement_utilization_current_cfus', s1), 2);
    assert.equal(sampleValue(families, 'confluent_flink_statement_status', { ...s1, status: 'RUNNING' }), 1);
    assert.equal(
      sampleValue(families, 'confluent_flink_compute_pool_utilization_cfu_limit', { compute_pool_id: fx.b }),
      20,
    );
    assert.equal(
      sampleValue(families, 'confluent_flink_compute_pool_utilization_current_cfus', { compute_pool_id: fx.c }),
      2,
    );
    assert.equal(families.get('confluent_flink_pending_records')?.type, 'GAUGE');

    const one = parsePrometheus(
      (await exportText(`?resource.compute_pool.id=${fx.b}&metric=${FLINK}compute_pool_utilization/cfu_limit`, admin))
        .text,
    );
    assert.deepEqual([...one.keys()], ['confluent_flink_compute_pool_utilization_cfu_limit']);
    assert.deepEqual(
      one.get('confluent_flink_compute_pool_utilization_cfu_limit')!.metrics.map((m) => m.labels?.compute_pool_id),
      [fx.b],
    );
    const two = parsePrometheus(
      (await exportText(`?resource.compute_pool.id=${fx.a}&resource.compute_pool.id=${fx.c}`, admin)).text,
    );
    const pools = new Set(two.get('confluent_flink_pending_records')!.metrics.map((m) => m.labels?.compute_pool_id));
    assert.deepEqual([...pools].sort(), [fx.a, fx.c].sort());
    const unknown = await exportText('?metric=io.confluent.kafka.server/received_bytes', admin);
    assert.equal(unknown.status, 400);
    assert.equal(JSON.parse(unknown.text).errors[0].source.parameter, 'metric');
  });

  it('MetricsViewer only: 403 without it; an environment-scoped one sees that environment only', async () => {
    const sa = ok(await tenant.client.POST('/iam/v2/service-accounts', { body: { display_name: unique('viewer') } }));
    const key = ok(await tenant.client.POST('/iam/v2/api-keys', { body: { spec: { owner: { id: sa.id } } } }));
    const auth = { key: key.id, secret: key.spec.secret! };
    const asSa = await keyFor(api, tenant.client, sa.id);
    const envCrn = (env: string) => `crn://confluent.cloud/organization=${tenant.organizationId}/environment=${env}`;
    const byPool = {
      aggregations: [{ metric: `${FLINK}num_records_in` }],
      granularity: 'ALL',
      group_by: [POOL],
      intervals: [interval],
    };
    // FlinkAdmin on the environment runs statements there but reads no metrics.
    await bind(tenant.client, sa.id, 'FlinkAdmin', envCrn(fx.e1));
    for (const res of [
      await asSa.POST('/v2/metrics/cloud/query', { body: byPool as never }),
      await asSa.GET('/v2/metrics/cloud/descriptors/metrics'),
    ]) {
      assert.match(String(failure(res, 403)[0].detail), /MetricsViewer/);
    }
    const denied = await exportText('', auth);
    assert.equal(denied.status, 403);
    assert.equal(JSON.parse(denied.text).errors[0].code, 'user_unauthorized');

    await bind(tenant.client, sa.id, 'MetricsViewer', envCrn(fx.e1));
    const seen = (await query(byPool, asSa)).data.map((p) => p[POOL]).sort();
    assert.deepEqual(seen, [fx.a, fx.b].sort());
    // Naming the other environment's pool finds nothing rather than reaching it.
    const other = await query({ ...byPool, filter: { field: POOL, op: 'EQ', value: fx.c } }, asSa);
    assert.deepEqual(other.data, []);
    const exported = parsePrometheus((await exportText('', auth)).text);
    const exportedPools = new Set(
      exported.get('confluent_flink_compute_pool_utilization_cfu_limit')!.metrics.map((m) => m.labels?.compute_pool_id),
    );
    assert.deepEqual([...exportedPools].sort(), [fx.a, fx.b].sort());

    await bind(tenant.client, sa.id, 'MetricsViewer', `crn://confluent.cloud/organization=${tenant.organizationId}`);
    assert.equal((await query(byPool, asSa)).data.length, 3);
  });

  it('operators read the control plane health on GET /metrics from loopback', async () => {
    const res = await fetch(`${api.baseUrl}/metrics`);
    assert.equal(res.status, 200);
    const families = parsePrometheus(await res.text());
    assert.equal(sampleValue(families, 'cflink_source_up', { source: 'postgresql' }), 1);
    assert.ok((sampleValue(families, 'cflink_statements', { phase: 'RUNNING' }) ?? 0) >= 3);
    assert.ok(families.has('cflink_outbox_backlog'));
    assert.ok(families.has('cflink_admission_wait_seconds_max'));
    assert.ok(families.has('cflink_api_process_cpu_user_seconds_total'));
    assert.equal(sampleValue(families, 'cflink_queue_jobs', { queue: `cflink-pool-${fx.a}`, state: 'waiting' }), 0);
    // Turned off, it answers 403 in the usual error shape.
    api.config.operatorMetrics = 'off';
    try {
      const off = await fetch(`${api.baseUrl}/metrics`);
      assert.equal(off.status, 403);
      assert.match(
        ((await off.json()) as { errors: { detail: string }[] }).errors[0].detail,
        /CFLINK_OPERATOR_METRICS/,
      );
    } finally {
      api.config.operatorMetrics = 'loopback';
    }
  });
});
