import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketStarts, groupSeries, ledgerResolution, type RawSeries } from './metrics-aggregate';
import { POOL_LABEL, STATEMENT_LABEL } from './metrics-catalog';
import { parseInterval } from './metrics-query';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const M = 60_000;
const s = (pool: string, name: string, values: [number, number][]): RawSeries => ({
  labels: { [POOL_LABEL]: pool, [STATEMENT_LABEL]: name },
  values: new Map(values.map(([minute, v]) => [T0 + minute * M, v])),
});
const data = [
  s('lfcp-b', 'x', [
    [0, 1],
    [1, 2],
  ]),
  s('lfcp-a', 'y', [
    [0, 10],
    [2, 5],
  ]),
  s('lfcp-a', 'z', [[0, 100]]),
];

describe('metrics grouping', () => {
  it('sums series per bucket within each group, groups in label order, points oldest first', () => {
    const groups = groupSeries(data, { groupBy: [POOL_LABEL], across: 'SUM', limit: 10 });
    assert.deepEqual(groups, [
      {
        labels: { [POOL_LABEL]: 'lfcp-a' },
        points: [
          { timestamp: '2026-01-01T00:00:00.000Z', value: 110 },
          { timestamp: '2026-01-01T00:02:00.000Z', value: 5 },
        ],
      },
      {
        labels: { [POOL_LABEL]: 'lfcp-b' },
        points: [
          { timestamp: '2026-01-01T00:00:00.000Z', value: 1 },
          { timestamp: '2026-01-01T00:01:00.000Z', value: 2 },
        ],
      },
    ]);
  });
  it('MIN combines watermarks; no group_by is one group; filters drop series before grouping', () => {
    const [all] = groupSeries(data, { groupBy: [], across: 'MIN', limit: 10 });
    assert.deepEqual(all.labels, {});
    assert.deepEqual(
      all.points.map((p) => p.value),
      [1, 2, 5],
    );
    const filtered = groupSeries(data, {
      groupBy: [STATEMENT_LABEL],
      across: 'SUM',
      limit: 10,
      filter: { op: 'NOT', filter: { field: STATEMENT_LABEL, op: 'EQ', value: 'z' } },
    });
    assert.deepEqual(
      filtered.map((g) => g.labels[STATEMENT_LABEL]),
      ['x', 'y'],
    );
  });
  it('limit keeps the first groups; order_by sorts by value', () => {
    const byName = groupSeries(data, { groupBy: [STATEMENT_LABEL], across: 'SUM', limit: 2 });
    assert.deepEqual(
      byName.map((g) => g.labels[STATEMENT_LABEL]),
      ['x', 'y'],
    );
    const top = groupSeries(data, { groupBy: [STATEMENT_LABEL], across: 'SUM', limit: 2, order: 'DESCENDING' });
    assert.deepEqual(
      top.map((g) => g.labels[STATEMENT_LABEL]),
      ['z', 'y'],
    );
    const bottom = groupSeries(data, { groupBy: [STATEMENT_LABEL], across: 'SUM', limit: 1, order: 'ASCENDING' });
    assert.deepEqual(
      bottom.map((g) => g.labels[STATEMENT_LABEL]),
      ['x'],
    );
  });
  it('reads hourly roll-ups only when every bucket is whole UTC hours', () => {
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:00:00Z/P30D', 'PT1H'), 'PT1H'), 'hour');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:00:00Z/P30D', 'ALL'), 'ALL'), 'day');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:00:00Z/P1D', 'P1D'), 'P1D'), 'day');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T06:00:00Z/P1D', 'P1D'), 'P1D'), 'hour');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:00:00Z/P1D', 'PT12H'), 'PT12H'), 'hour');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:00:00Z/P1D', 'PT30M'), 'PT30M'), 'minute');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:30:00Z/P1D', 'PT1H'), 'PT1H'), 'minute');
    assert.equal(ledgerResolution(parseInterval('2026-01-01T00:00:00Z/PT90M', 'ALL'), 'ALL'), 'minute');
  });
  it('bucket starts cover the interval from its start', () => {
    const i = parseInterval('2026-01-01T00:10:00Z/PT30M', 'PT15M');
    assert.deepEqual(
      bucketStarts(i, 15).map((t) => new Date(t).toISOString().slice(11, 16)),
      ['00:10', '00:25'],
    );
    assert.equal(bucketStarts(i, 30).length, 1);
  });
});
