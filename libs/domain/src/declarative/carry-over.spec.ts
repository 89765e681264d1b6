import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carryOverOffsets, nextOffsets } from './carry-over';
import { statefulnessOfPlan } from './statefulness';

const HINT = (o: string) =>
  `/*+ OPTIONS('scan.startup.mode'='specific-offsets', 'scan.startup.specific-offsets'='${o}') */`;

describe('carry-over offsets', () => {
  it('starts one past the last processed offset of each partition, and unread partitions at 0', () => {
    assert.equal(
      nextOffsets('partition:0,offset:41;partition:1,offset:9', 2),
      'partition:0,offset:42;partition:1,offset:10',
    );
    assert.equal(
      nextOffsets('partition:2,offset:5', 4),
      'partition:0,offset:0;partition:1,offset:0;partition:2,offset:6;partition:3,offset:0',
    );
    assert.equal(nextOffsets('partition:0,offset:9223372036854775806', 1), 'partition:0,offset:9223372036854775807');
    assert.equal(nextOffsets('partition:0'), null);
  });

  it('lists every partition a table may have by default (Flink would look unlisted ones up in a consumer group)', () => {
    const all = nextOffsets('partition:3,offset:1')!.split(';');
    assert.equal(all.length, 1024);
    assert.equal(all[3], 'partition:3,offset:2');
    assert.equal(all[1023], 'partition:1023,offset:0');
  });

  it('hints every scan of a table the old version read, qualified or aliased', () => {
    const r = carryOverOffsets(
      'INSERT INTO out SELECT o.id FROM `env`.`cluster_0`.orders AS o JOIN customers c ON o.c = c.id',
      { orders: 'partition:0,offset:4', customers: 'partition:0,offset:0;partition:1,offset:7' },
      2,
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(
      r.sql,
      `INSERT INTO out SELECT o.id FROM \`env\`.\`cluster_0\`.orders ${HINT('partition:0,offset:5;partition:1,offset:0')} AS o JOIN customers ${HINT('partition:0,offset:1;partition:1,offset:8')} c ON o.c = c.id`,
    );
    assert.deepEqual(r.tables, ['customers', 'orders']);
  });

  it('hints comma-separated FROM items and leaves the sink alone', () => {
    const r = carryOverOffsets(
      'INSERT INTO orders_copy SELECT * FROM a, orders WHERE 1=1',
      { orders: 'partition:0,offset:1' },
      1,
    );
    assert.ok(r.ok);
    if (r.ok)
      assert.equal(r.sql, `INSERT INTO orders_copy SELECT * FROM a, orders ${HINT('partition:0,offset:2')} WHERE 1=1`);
  });

  it('does not touch the read-only examples tables of the same name', () => {
    const r = carryOverOffsets('INSERT INTO t SELECT * FROM examples.marketplace.orders', {
      orders: 'partition:0,offset:1',
    });
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.sql, 'INSERT INTO t SELECT * FROM examples.marketplace.orders');
      assert.deepEqual(r.tables, []);
    }
  });

  it('ignores names inside strings and comments', () => {
    const sql = "INSERT INTO t SELECT 'orders' FROM x -- FROM orders\n";
    const r = carryOverOffsets(sql, { orders: 'partition:0,offset:1' });
    assert.deepEqual(r, { ok: true, sql, tables: [] });
  });

  it('refuses a scan that carries a hint of its own', () => {
    const r = carryOverOffsets(
      "INSERT INTO t SELECT * FROM orders /*+ OPTIONS('scan.startup.mode'='latest-offset') */",
      {
        orders: 'partition:0,offset:1',
      },
    );
    assert.equal(r.ok, false);
  });

  it('refuses a table name in a place it cannot hint', () => {
    const r = carryOverOffsets('INSERT INTO t SELECT * FROM TABLE(orders)', { orders: 'partition:0,offset:1' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /table 'orders' appears where no scan hint can be placed/);
  });

  it('refuses malformed offsets', () => {
    assert.equal(carryOverOffsets('SELECT 1', { t: 'everything' }).ok, false);
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
