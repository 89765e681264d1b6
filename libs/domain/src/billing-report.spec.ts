import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate, buildBillingReport, reportPeriod, ReportPeriodError, type UsageRow } from './billing-report';
import { costMicros, formatMicros, parsePrice } from './metering';

const micros = (amount: number) => parsePrice(amount.toFixed(6));

describe('report periods', () => {
  it('a month is its whole UTC calendar month, end exclusive, leap years included', () => {
    const feb = reportPeriod({ month: '2028-02' }, 366);
    assert.deepEqual([feb.start, feb.end, feb.days.length], ['2028-02-01', '2028-03-01', 29]);
    const dec = reportPeriod({ month: '2026-12' }, 366);
    assert.deepEqual([dec.start, dec.end, dec.days.at(-1)], ['2026-12-01', '2027-01-01', '2026-12-31']);
  });

  it('a date range is [start_date, end_date)', () => {
    const p = reportPeriod({ start_date: '2026-10-31', end_date: '2026-11-02' }, 366);
    assert.deepEqual(p.days, ['2026-10-31', '2026-11-01']);
  });

  it('says which parameter to fix', () => {
    const fails = (query: Record<string, string>, parameter: string, message: RegExp) =>
      assert.throws(
        () => reportPeriod(query, 366),
        (e: unknown) => e instanceof ReportPeriodError && e.parameter === parameter && message.test(e.message),
      );
    fails({ month: '2026-13' }, 'month', /not a month/);
    fails({ month: '2026-1' }, 'month', /not a month/);
    fails({ month: '2026-11', start_date: '2026-11-01' }, 'month', /not both/);
    fails({}, 'start_date', /give month/);
    fails({ start_date: '2026-11-01' }, 'end_date', /both start_date and end_date/);
    fails({ start_date: '2026-02-30', end_date: '2026-03-02' }, 'start_date', /not a date/);
    fails({ start_date: '2026-11-02', end_date: '2026-11-02' }, 'end_date', /after start_date/);
    fails({ start_date: '2025-01-01', end_date: '2026-11-02' }, 'end_date', /at most 366 days/);
  });
});

describe('allocate', () => {
  it('shares exactly, leftovers to the largest remainders, earlier first on ties', () => {
    assert.deepEqual(allocate(10n, [1n, 1n, 1n]), [4n, 3n, 3n]);
    assert.deepEqual(allocate(100n, [1n, 2n]), [33n, 67n]);
    assert.deepEqual(allocate(7n, [0n, 5n, 0n]), [0n, 7n, 0n]);
    assert.deepEqual(allocate(5n, [0n, 0n]), [0n, 0n]);
    assert.deepEqual(allocate(0n, [3n, 4n]), [0n, 0n]);
  });

  it('always adds up to the total', () => {
    for (let seed = 1; seed < 200; seed++) {
      const weights = Array.from({ length: (seed % 7) + 1 }, (_, i) => BigInt((seed * (i + 3) * 7919) % 97));
      const total = BigInt((seed * 104729) % 100003);
      const shares = allocate(total, weights);
      const sum = weights.reduce((a, w) => a + w, 0n);
      assert.equal(
        shares.reduce((a, s) => a + s, 0n),
        sum === 0n ? 0n : total,
      );
    }
  });
});

const row = (day: string, env: string, pool: string, uid: string, principal: string, minutes: number): UsageRow => ({
  day,
  environmentId: env,
  computePoolId: pool,
  flinkRegion: pool === 'lfcp-b' ? 'aws.eu-west-1' : 'aws.us-east-1',
  statementUid: uid,
  principal,
  cfuMinutes: BigInt(minutes),
});

const prices: Record<string, bigint> = { 'aws.us-east-1': parsePrice('0.21'), 'aws.eu-west-1': parsePrice('0.333333') };
const names: Record<string, string> = { s1: 'orders', s2: 'payments', s3: 'audit', 'lfcp-a': 'pool-a' };

function report(rows: UsageRow[], period = reportPeriod({ month: '2026-11' }, 366), top = 10) {
  return buildBillingReport({
    organizationId: 'org',
    period,
    rows,
    priceOf: (r) => prices[r],
    poolName: (id) => names[id],
    statementName: (uid) => names[uid],
    top,
  });
}

describe('billing report', () => {
  const rows = [
    row('2026-11-01', 'env-1', 'lfcp-a', 's1', 'User:u-1', 7),
    row('2026-11-01', 'env-1', 'lfcp-a', 's2', 'User:sa-2', 5),
    row('2026-11-01', 'env-2', 'lfcp-b', 's3', 'User:sa-2', 1),
    row('2026-11-30', 'env-1', 'lfcp-a', 's1', 'User:u-1', 1439),
    row('2026-11-30', 'env-1', 'lfcp-a', 's1', 'User:sa-2', 1),
    row('2026-11-30', 'env-2', 'lfcp-b', 's3', 'User:sa-2', 61),
  ];

  it('totals the costs API lines: one price per (day, pool), rounded half up once per line', () => {
    const r = report(rows);
    // The costs API's lines, priced as it prices them.
    const lines = [
      costMicros(12n, prices['aws.us-east-1']),
      costMicros(1n, prices['aws.eu-west-1']),
      costMicros(1440n, prices['aws.us-east-1']),
      costMicros(61n, prices['aws.eu-west-1']),
    ];
    const expected = Number(formatMicros(lines.reduce((a, b) => a + b, 0n)));
    assert.equal(r.total.cfu_minutes, 1514);
    assert.equal(r.total.cfu_hours, 1514 / 60);
    assert.equal(r.total.amount, expected);
    // Every breakdown adds up to the total to the micro-unit.
    const sum = (xs: { amount: number; cfu_minutes: number }[]) => ({
      minutes: xs.reduce((a, x) => a + x.cfu_minutes, 0),
      micros: xs.reduce((a, x) => a + micros(x.amount), 0n),
    });
    const whole = { minutes: 1514, micros: micros(expected) };
    assert.deepEqual(sum(r.lines), whole);
    assert.deepEqual(sum(r.daily), whole);
    assert.deepEqual(sum(r.environments), whole);
    assert.deepEqual(sum(r.principals), whole);
    assert.deepEqual(sum(r.environments.flatMap((e) => e.compute_pools)), whole);
    assert.deepEqual(sum(r.environments.flatMap((e) => e.compute_pools.flatMap((p) => p.statements))), whole);
    for (const p of r.environments.flatMap((e) => e.compute_pools)) {
      assert.deepEqual(sum(p.daily), { minutes: p.cfu_minutes, micros: micros(p.amount) });
    }
  });

  it('nests environment → pool → statement, biggest first, with names, daily series and principals', () => {
    const r = report(rows);
    assert.deepEqual(
      r.environments.map((e) => [e.id, e.cfu_minutes, e.compute_pools.map((p) => [p.id, p.display_name, p.region])]),
      [
        ['env-1', 1452, [['lfcp-a', 'pool-a', 'aws.us-east-1']]],
        ['env-2', 62, [['lfcp-b', 'lfcp-b', 'aws.eu-west-1']]],
      ],
    );
    const a = r.environments[0].compute_pools[0];
    assert.equal(a.price, 0.21);
    assert.deepEqual(
      a.statements.map((s) => [s.name, s.cfu_minutes, s.principals]),
      [
        ['orders', 1447, ['User:sa-2', 'User:u-1']],
        ['payments', 5, ['User:sa-2']],
      ],
    );
    assert.equal(a.daily.length, 30);
    assert.deepEqual(
      a.daily.filter((d) => d.cfu_minutes > 0).map((d) => [d.date, d.cfu_minutes]),
      [
        ['2026-11-01', 12],
        ['2026-11-30', 1440],
      ],
    );
    assert.deepEqual(
      r.principals.map((p) => [p.principal, p.cfu_minutes, p.statements]),
      [
        ['User:u-1', 1446, 1],
        ['User:sa-2', 68, 3],
      ],
    );
    assert.deepEqual(
      report(rows, undefined, 2).top_statements.map((s) => [s.name, s.cfu_minutes, s.compute_pool_id]),
      [
        ['orders', 1447, 'lfcp-a'],
        ['audit', 62, 'lfcp-b'],
      ],
    );
  });

  it('shows a deleted statement by its uid with a null name', () => {
    const r = report([row('2026-11-05', 'env-1', 'lfcp-a', 'gone', 'User:u-1', 3)]);
    assert.equal(r.top_statements[0].name, null);
    assert.equal(r.lines[0].statement_uid, 'gone');
  });

  it('an empty period is all zeros with a zero for every day', () => {
    const r = report([], reportPeriod({ start_date: '2026-11-29', end_date: '2026-12-02' }, 366));
    assert.deepEqual(r.total, { cfu_minutes: 0, cfu_hours: 0, amount: 0 });
    assert.deepEqual(
      r.daily.map((d) => [d.date, d.cfu_minutes]),
      [
        ['2026-11-29', 0],
        ['2026-11-30', 0],
        ['2026-12-01', 0],
      ],
    );
    assert.deepEqual([r.environments, r.principals, r.top_statements, r.lines], [[], [], [], []]);
    assert.deepEqual([r.start_date, r.end_date], ['2026-11-29', '2026-12-02']);
  });

  it('refuses usage outside its period (the month boundary is the caller’s query)', () => {
    assert.throws(() => report([row('2026-12-01', 'env-1', 'lfcp-a', 's1', 'User:u-1', 1)]), /outside/);
  });
});
