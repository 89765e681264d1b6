/**
 * Metrics API v2 queries against the real PostgreSQL and API over the metrics fixture's engine
 * samples and ledger: counters, gauges, watermarks, pool limits, CFU-minutes; FLAT and GROUPED,
 * nested filters, group_by, granularity, order_by and limit.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { until } from '../engine/until';
import { MetricsRepository } from '#db';
import { failure } from './harness';
import { ENV, FLINK, INTERVAL, metricsFixture, NAME, POOL, type MetricsFixture } from './metrics-fixture';

const REGION = 'ap-metrics-1';

describe('metrics: Metrics API v2 queries over samples and the ledger', () => {
  let f: MetricsFixture;
  let fx: MetricsFixture['ids'] & MetricsFixture['statements'];
  let query: MetricsFixture['query'];
  before(async () => {
    f = await metricsFixture(REGION);
    fx = { ...f.ids, ...f.statements };
    query = f.query;
  });
  after(() => f.api.close());
  const interval = INTERVAL;

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

  it('a query of whole UTC days reads the daily roll-ups and agrees with the minutes', async () => {
    const byPool = async (granularity: string, window: string) =>
      Object.fromEntries(
        (
          await query({
            aggregations: [{ metric: `${FLINK}compute_pool_utilization/cfu_minutes_consumed` }],
            granularity,
            group_by: [POOL],
            intervals: [window],
          })
        ).data.map((p) => [p[POOL], p.value]),
      );
    const days = await byPool('P1D', '2026-07-01T00:00:00Z/P1D');
    assert.deepEqual(Object.keys(days).sort(), [fx.a, fx.b, fx.c].sort());
    assert.ok(Object.values(days).every((v) => Number(v) > 0));
    assert.deepEqual(days, await byPool('ALL', interval));
  });

  it('skipped and dead-lettered records are counters like records in', async () => {
    const at = (m: string) => `2026-07-01T10:0${m}:00.000Z`;
    const perMinute = async (metric: string) =>
      (
        await query({
          aggregations: [{ metric: `${FLINK}${metric}` }],
          granularity: 'PT1M',
          filter: { field: POOL, op: 'EQ', value: fx.a },
          intervals: [interval],
        })
      ).data.map((p) => [p.timestamp, p.value]);
    // s1 skipped 2, then 5 in all by 10:00:40; restarted, 1 by 10:01:10. Of those, 1 then 3, then none, dead-lettered.
    assert.deepEqual(await perMinute('num_records_in_errors'), [
      [at('0'), 5],
      [at('1'), 1],
    ]);
    assert.deepEqual(await perMinute('num_records_in_dead_lettered'), [
      [at('0'), 3],
      [at('1'), 0],
    ]);
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
    const minOrderedBySum = await query({
      aggregations: [{ metric: `${FLINK}current_input_watermark_milliseconds` }],
      granularity: 'ALL',
      order_by: [{ metric: `${FLINK}current_input_watermark_milliseconds`, agg: 'SUM' }],
      intervals: [interval],
    });
    assert.equal(failure(minOrderedBySum.error, 400)[0].source?.pointer, '/order_by/0/agg');
    const badLabel = await query({
      aggregations: [{ metric: `${FLINK}compute_pool_utilization/cfu_limit` }],
      granularity: 'ALL',
      group_by: [NAME],
      intervals: [interval],
    });
    assert.equal(failure(badLabel.error, 400)[0].source?.pointer, '/group_by/0');
  });

  it('CFU-minutes agree with the ledger to the CFU-minute, from minutes and from hourly roll-ups', async () => {
    const ledgerRows = await f.prisma.cfuMinute.groupBy({
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
      isDeepStrictEqual(await consumed(['2026-07-01T00:00:00Z/P1D'], 'PT1H'), expected) ? true : undefined,
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

  it('the repository reads nothing of the organization for another one, even naming its pools', async () => {
    const repository = f.api.app.get(MetricsRepository);
    const other = await f.api.newTenant('metrics-other');
    const window = { start: new Date('2026-07-01T10:00:00Z'), end: new Date('2026-07-01T10:05:00Z'), bucketMinutes: 5 };
    const reads = (organizationId: string) => {
      const scope = { organizationId, visible: null, bounds: { pools: [fx.a, fx.b, fx.c] } };
      return Promise.all([
        repository.ledger(scope, window, 'minute'),
        repository.samples(scope, window, 'pending_records', 'mean'),
        repository.pools(scope),
        repository.statements(scope),
      ]);
    };
    assert.deepEqual(
      (await reads(f.tenant.organizationId)).map((rows) => rows.length > 0),
      [true, true, true, true],
    );
    assert.deepEqual(
      (await reads(other.organizationId)).map((rows) => rows.length),
      [0, 0, 0, 0],
    );
  });
});
