import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENVIRONMENT_LABEL, POOL_LABEL, STATEMENT_LABEL } from './metrics-catalog';
import { filterBounds, filterFields, matchesFilter, type MetricFilter } from './metrics-filter';

const pool = (value: string): MetricFilter => ({ field: POOL_LABEL, op: 'EQ', value });
const statement = (value: string): MetricFilter => ({ field: STATEMENT_LABEL, op: 'EQ', value });
const series = { [POOL_LABEL]: 'lfcp-b', [STATEMENT_LABEL]: 'orders', [ENVIRONMENT_LABEL]: 'env-1' };

describe('metrics filters', () => {
  it('EQ, GT and GTE compare label values as strings', () => {
    assert.equal(matchesFilter(pool('lfcp-b'), series), true);
    assert.equal(matchesFilter(pool('lfcp-a'), series), false);
    assert.equal(matchesFilter({ field: POOL_LABEL, op: 'GT', value: 'lfcp-a' }, series), true);
    assert.equal(matchesFilter({ field: POOL_LABEL, op: 'GT', value: 'lfcp-b' }, series), false);
    assert.equal(matchesFilter({ field: POOL_LABEL, op: 'GTE', value: 'lfcp-b' }, series), true);
    assert.equal(matchesFilter({ field: STATEMENT_LABEL, op: 'EQ', value: 7 }, { [STATEMENT_LABEL]: '7' }), true);
  });
  it('AND, OR and NOT nest; a label the series lacks matches no field filter', () => {
    const f: MetricFilter = {
      op: 'AND',
      filters: [
        { op: 'OR', filters: [pool('lfcp-a'), pool('lfcp-b')] },
        { op: 'NOT', filter: statement('clicks') },
      ],
    };
    assert.equal(matchesFilter(f, series), true);
    assert.equal(matchesFilter(f, { ...series, [STATEMENT_LABEL]: 'clicks' }), false);
    assert.equal(matchesFilter(statement('orders'), { [POOL_LABEL]: 'lfcp-b' }), false);
    assert.equal(matchesFilter({ op: 'NOT', filter: statement('orders') }, { [POOL_LABEL]: 'lfcp-b' }), true);
    assert.equal(matchesFilter(undefined, series), true);
  });
  it('bounds: AND intersects, OR unions only labels every branch bounds, NOT and GT bound nothing', () => {
    assert.deepEqual(filterBounds(pool('a')), { [POOL_LABEL]: ['a'] });
    assert.deepEqual(filterBounds({ op: 'OR', filters: [pool('b'), pool('a'), pool('b')] }), {
      [POOL_LABEL]: ['a', 'b'],
    });
    assert.deepEqual(filterBounds({ op: 'OR', filters: [pool('a'), statement('x')] }), {});
    assert.deepEqual(
      filterBounds({ op: 'AND', filters: [{ op: 'OR', filters: [pool('a'), pool('b')] }, pool('b'), statement('x')] }),
      { [POOL_LABEL]: ['b'], [STATEMENT_LABEL]: ['x'] },
    );
    assert.deepEqual(filterBounds({ op: 'AND', filters: [pool('a'), pool('b')] }), { [POOL_LABEL]: [] });
    assert.deepEqual(filterBounds({ op: 'NOT', filter: pool('a') }), {});
    assert.deepEqual(filterBounds({ field: POOL_LABEL, op: 'GTE', value: 'a' }), {});
  });
  it('lists every field a filter names', () => {
    const f: MetricFilter = { op: 'AND', filters: [pool('a'), { op: 'NOT', filter: statement('x') }] };
    assert.deepEqual(filterFields(f), [POOL_LABEL, STATEMENT_LABEL]);
  });
});
