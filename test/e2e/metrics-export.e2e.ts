/**
 * The rest of the Metrics API against the real API over the metrics fixture: descriptors, the
 * Prometheus export read back with a Prometheus text parser, who may read metrics (403 without
 * MetricsViewer, an environment-scoped one sees its environment), and the operators' GET /metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bind, failure, keyFor, ok, unique, type Tenant } from './harness';
import { FLINK, INTERVAL, metricsFixture, POOL, type MetricsFixture } from './metrics-fixture';
import { parsePrometheus, sampleValue } from './prometheus-text';

const REGION = 'ap-metrics-2';

describe('metrics: descriptors, Prometheus export, access, operator metrics', () => {
  let f: MetricsFixture;
  let fx: MetricsFixture['ids'] & MetricsFixture['statements'];
  let tenant: Tenant;
  let query: MetricsFixture['query'];
  before(async () => {
    f = await metricsFixture(REGION);
    fx = { ...f.ids, ...f.statements };
    tenant = f.tenant;
    query = f.query;
  });
  after(() => f.api.close());
  const interval = INTERVAL;

  it('descriptors list the metrics and resources, paged', async () => {
    const first = ok(
      await tenant.client.GET('/v2/metrics/cloud/descriptors/metrics', { params: { query: { page_size: 4 } } }),
    );
    assert.equal(first.data.length, 4);
    assert.equal(first.meta.pagination.total_size, 13);
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
    assert.equal(new Set(names).size, 13);
    for (const n of ['pending_records', 'num_records_in_errors', 'num_records_in_dead_lettered']) {
      assert.ok(names.includes(`${FLINK}${n}`), n);
    }
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
    const res = await fetch(`${f.api.baseUrl}/v2/metrics/cloud/export${query}`, {
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
    // Skip and dead-letter counters: what the last complete minute added (the fixture's minutes are long past).
    assert.equal(sampleValue(families, 'confluent_flink_num_records_in_errors', s1), 0);
    assert.equal(sampleValue(families, 'confluent_flink_num_records_in_dead_lettered', s1), 0);

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
    const asSa = await keyFor(f.api, tenant.client, sa.id);
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
    const res = await fetch(`${f.api.baseUrl}/metrics`);
    assert.equal(res.status, 200);
    const families = parsePrometheus(await res.text());
    assert.equal(sampleValue(families, 'cflink_source_up', { source: 'postgresql' }), 1);
    assert.ok((sampleValue(families, 'cflink_statements', { phase: 'RUNNING' }) ?? 0) >= 3);
    assert.ok(families.has('cflink_outbox_backlog'));
    assert.ok(families.has('cflink_admission_wait_seconds_max'));
    assert.ok(families.has('cflink_api_process_cpu_user_seconds_total'));
    assert.equal(sampleValue(families, 'cflink_queue_jobs', { queue: `cflink-pool-${fx.a}`, state: 'waiting' }), 0);
    // Turned off, it answers 403 in the usual error shape.
    f.api.config.operatorMetrics = 'off';
    try {
      const off = await fetch(`${f.api.baseUrl}/metrics`);
      assert.equal(off.status, 403);
      assert.match(
        ((await off.json()) as { errors: { detail: string }[] }).errors[0].detail,
        /CFLINK_OPERATOR_METRICS/,
      );
    } finally {
      f.api.config.operatorMetrics = 'loopback';
    }
  });
});
