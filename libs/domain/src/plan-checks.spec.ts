import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableKey } from './catalog-names';
import { checkPlanHints, tablesInPlan } from './plan-checks';

// As Flink 2.2 prints EXPLAIN PLAN FOR an INSERT with hints on its sink and source.
const HINTED = `== Abstract Syntax Tree ==
LogicalSink(table=[c1.d1.s], fields=[a, b], hints=[[[OPTIONS options:{scan.bounded.mode=latest-offset}]]])
+- LogicalProject(a=[$0], b=[$1])
   +- LogicalTableScan(table=[[c1, d1, t]], hints=[[[OPTIONS inheritPath:[] options:{HINTS}]]])

== Optimized Physical Plan ==
Sink(table=[c1.d1.s], fields=[a, b])
+- TableSourceScan(table=[[c1, d1, t]], fields=[a, b], hints=[[[OPTIONS options:{HINTS}]]])
`;
const plan = (hints: string) => HINTED.replaceAll('HINTS', hints);

describe('checkPlanHints', () => {
  it('allows the scan options Confluent documents for hints, with well-formed values', () => {
    assert.deepEqual(checkPlanHints(plan('scan.startup.mode=latest-offset')), { allowed: true });
    assert.deepEqual(
      checkPlanHints(
        plan(
          'scan.startup.mode=specific-offsets, scan.startup.specific-offsets=partition:0,offset:42;partition:1,offset:7',
        ),
      ),
      { allowed: true },
    );
    assert.deepEqual(checkPlanHints('== Abstract Syntax Tree ==\nLogicalValues(tuples=[[{ 1 }]])'), { allowed: true });
  });

  for (const key of [
    'topic',
    'topic-pattern',
    'connector',
    'properties.bootstrap.servers',
    'properties.sasl.jaas.config',
    'value.format',
    'json.ignore-parse-errors',
    'sink.parallelism',
    'scan.parallelism',
    'sink.transactional-id-prefix',
    'properties.group.id',
  ]) {
    it(`refuses a hint that sets ${key}`, () => {
      const verdict = checkPlanHints(plan(`scan.startup.mode=latest-offset, ${key}=x`));
      assert.equal(verdict.allowed, false);
      assert.match((verdict as { detail: string }).detail, new RegExp(`'${key.replace(/\./g, '\\.')}' is not allowed`));
    });
  }

  it('refuses values that are not the documented ones, including text that imitates more options', () => {
    assert.equal(checkPlanHints(plan('scan.startup.mode=group-offsets')).allowed, false);
    assert.equal(checkPlanHints(plan('scan.startup.mode=earliest-offset} topic=x')).allowed, false);
    assert.equal(checkPlanHints(plan('scan.startup.timestamp-millis=12ab')).allowed, false);
  });

  it('does not let a key that starts with } end the block and hide the entries behind it', () => {
    for (const hints of ['}]=x, topic=lkc-b.t', 'scan.startup.mode=latest-offset, }]=x, topic=lkc-b.t', '}=x']) {
      const verdict = checkPlanHints(plan(hints));
      assert.equal(verdict.allowed, false, hints);
    }
  });

  it('fails closed on hint text it cannot parse', () => {
    assert.equal(checkPlanHints(plan('scan.startup.mode')).allowed, false);
    assert.equal(checkPlanHints('LogicalTableScan(table=[[c, d, t]], x=[options:{topic=y}])').allowed, false);
  });
});

describe('tablesInPlan', () => {
  const known = new Map(
    (
      [
        ['e', 'db', 'a'],
        ['e', 'db', 'b'],
        ['e', 'db', 'c'],
      ] as [string, string, string][]
    ).map((p) => [tableKey(p), p] as const),
  );

  it('finds the scanned and written tables of an EXPLAIN plan', () => {
    const text =
      '== Abstract Syntax Tree ==\nLogicalSink(table=[e.db.b], fields=[id])\n+- LogicalTableScan(table=[[e, db, a]])\n\n== Optimized Physical Plan ==\nSink(table=[e.db.c])';
    assert.deepEqual(tablesInPlan(text, known), {
      reads: [tableKey(['e', 'db', 'a'])],
      writes: [tableKey(['e', 'db', 'b'])],
      unknown: [],
    });
  });

  it('finds a scan that reads $rowtime (metadata) and carries a pushed-down watermark', () => {
    const commas = new Map([
      ...known,
      [tableKey(['e', 'db', 'a, metadata=[x]']), ['e', 'db', 'a, metadata=[x]']] as const,
    ]);
    const text =
      '== Abstract Syntax Tree ==\nLogicalProject(a=[$0])\n+- LogicalTableScan(table=[[e, db, a, metadata=[timestamp]]])\n+- LogicalTableScan(table=[[e, db, a, metadata=[x], metadata=[timestamp]]])';
    assert.deepEqual(tablesInPlan(text, commas), {
      reads: [tableKey(['e', 'db', 'a']), tableKey(['e', 'db', 'a, metadata=[x]'])],
      writes: [],
      unknown: [],
    });
  });

  it('reports tables that are neither known nor built in', () => {
    const text =
      '== Abstract Syntax Tree ==\nLogicalSink(table=[x.y.z], fields=[id])\n+- LogicalUnion\n  :- LogicalTableScan(table=[[e, db, ab]])\n  +- LogicalTableScan(table=[[examples, marketplace, orders, metadata=[timestamp]]])';
    assert.deepEqual(tablesInPlan(text, known, ['examples, marketplace, ']), {
      reads: [],
      writes: [],
      unknown: ['e, db, ab', 'x.y.z'],
    });
  });
});
