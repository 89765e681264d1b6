import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carriedOverProperties, declaredProperties, withoutCarryOverHints } from './carry-over';
import { statefulnessOfPlan } from './statefulness';

describe('carry-over in a stack', () => {
  it("names the old version in the new version's properties", () => {
    assert.deepEqual(carriedOverProperties({ 'sql.local-time-zone': 'UTC' }, 'copy'), {
      'sql.local-time-zone': 'UTC',
      'sql.tables.initial-offset-from': 'copy',
    });
  });

  it('does not count the property carry-over added as a change, but one the stack declares', () => {
    const live = { 'sql.local-time-zone': 'UTC', 'sql.tables.initial-offset-from': 'copy' };
    assert.deepEqual(declaredProperties(live, 2, { 'sql.local-time-zone': 'UTC' }), { 'sql.local-time-zone': 'UTC' });
    assert.deepEqual(declaredProperties(live, 1, {}), live);
    assert.deepEqual(declaredProperties(live, 2, { 'sql.tables.initial-offset-from': 'other' }), live);
  });

  it('reads SQL an earlier cflink carried over with scan hints as declared', () => {
    const hint = `/*+ OPTIONS('scan.startup.mode'='specific-offsets', 'scan.startup.specific-offsets'='partition:0,offset:42;partition:1,offset:0') */`;
    assert.equal(
      withoutCarryOverHints(`INSERT INTO b SELECT * FROM orders ${hint} WHERE x > 1`),
      'INSERT INTO b SELECT * FROM orders WHERE x > 1',
    );
  });
});

describe('statefulness from the plan', () => {
  const plan = (physical: string) =>
    `== Abstract Syntax Tree ==\nLogicalSink(table=[a])\n\n== Optimized Physical Plan ==\n${physical}\n\n== Optimized Execution Plan ==\nSink(table=[x])`;

  it('finds a filter-and-project pipeline stateless', () => {
    assert.deepEqual(
      statefulnessOfPlan(
        plan(
          'Sink(table=[c.d.big], fields=[id, price], changelogMode=[NONE])\n+- Calc(select=[id, price], where=[>(price, 50)], changelogMode=[I])\n   +- TableSourceScan(table=[[c, d, orders]], fields=[id, price], changelogMode=[I])',
        ),
      ),
      { kind: 'stateless' },
    );
  });

  it('names aggregations, joins and unknown operators', () => {
    const v = statefulnessOfPlan(
      plan(
        'Sink(table=[c.d.s], fields=[a], changelogMode=[NONE])\n+- GroupAggregate(groupBy=[a], changelogMode=[I,UB,UA])\n   +- Exchange(distribution=[hash[a]])\n      :- Join(joinType=[InnerJoin])\n      +- FancyNewOperator(x=[1])',
      ),
    );
    assert.equal(v.kind, 'stateful');
    if (v.kind === 'stateful') {
      assert.deepEqual(v.reasons, [
        'an aggregation (GROUP BY)',
        'a regular join',
        'an operator cflink does not classify (FancyNewOperator)',
      ]);
    }
  });

  it('treats an upsert sink and an updating source as stateful', () => {
    const sink = statefulnessOfPlan(
      plan('Sink(table=[s], fields=[a], upsertMaterialize=[true], changelogMode=[NONE])'),
    );
    assert.equal(sink.kind, 'stateful');
    const source = statefulnessOfPlan(
      plan('Sink(table=[s], fields=[a])\n+- TableSourceScan(table=[[t]], changelogMode=[I,UA,D])'),
    );
    assert.equal(source.kind, 'stateful');
  });

  it('is unknown without a physical plan', () => {
    assert.equal(statefulnessOfPlan('Statement failed').kind, 'unknown');
    assert.equal(statefulnessOfPlan('== Optimized Physical Plan ==\n\n').kind, 'unknown');
  });
});
